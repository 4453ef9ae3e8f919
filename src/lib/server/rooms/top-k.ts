// The first k of n in an order, without sorting all n (the top 50 of 200,000 users): a sorted
// buffer of k, each index compared with its last first — O(n) for most, O(n log k) at worst.
export function topK(n: number, cmp: (a: number, b: number) => number, k: number): number[] {
	const out: number[] = [];
	if (k <= 0) return out;
	for (let i = 0; i < n; i++) {
		if (out.length === k && cmp(i, out[k - 1]!) >= 0) continue;
		let lo = 0;
		let hi = out.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (cmp(out[mid]!, i) <= 0) lo = mid + 1;
			else hi = mid;
		}
		out.splice(lo, 0, i);
		if (out.length > k) out.pop();
	}
	return out;
}
