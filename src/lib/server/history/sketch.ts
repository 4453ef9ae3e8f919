// Latency per bucket as a mergeable DDSketch (@datadog/sketches-js, log mapping with 2%
// relative accuracy): p50/p95/p99 over any range are quantiles of the merged buckets, never
// averages of percentiles. Stored as runs of consecutive keys in varints (encode()), so a
// bucket costs one short string; the library's own mapping and quantile code does the maths.
import { DDSketch } from '@datadog/sketches-js';

/** any quantile read back is within 2% of the true value (DDSketch's guarantee) */
export const RELATIVE_ACCURACY = 0.02;
/** distinct keys kept per bucket: 2% steps from 0.01 ms to a day need ~600; more is hostile */
const MAX_KEYS = 1_000;

const mapping = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY }).mapping;

export class LatencySketch {
	/** mapping key → count */
	readonly bins = new Map<number, number>();
	/** values too small to map (0 ms) */
	zero = 0;

	get count(): number {
		let n = this.zero;
		for (const c of this.bins.values()) n += c;
		return n;
	}

	add(ms: number, weight = 1): void {
		if (!(ms > mapping.minPossible)) {
			this.zero += weight;
			return;
		}
		const k = mapping.key(Math.min(ms, mapping.maxPossible));
		if (!this.bins.has(k) && this.bins.size >= MAX_KEYS) return;
		this.bins.set(k, (this.bins.get(k) ?? 0) + weight);
	}

	merge(o: LatencySketch): void {
		this.zero += o.zero;
		for (const [k, c] of o.bins) {
			if (!this.bins.has(k) && this.bins.size >= MAX_KEYS) continue;
			this.bins.set(k, (this.bins.get(k) ?? 0) + c);
		}
	}

	/**
	 * How many values are at most `ms` — exact except within the one 2% bin that holds `ms`,
	 * which counts as below (an SLO's "answered within the threshold").
	 */
	countAtMost(ms: number): number {
		if (!(ms > mapping.minPossible)) return this.zero;
		const limit = mapping.key(Math.min(ms, mapping.maxPossible));
		let n = this.zero;
		for (const [k, c] of this.bins) if (k <= limit) n += c;
		return n;
	}

	/** q in [0, 1]; null with no values */
	quantile(q: number): number | null {
		const n = this.count;
		if (!n) return null;
		const s = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
		for (const [k, c] of this.bins) s.store.add(k, c);
		s.zeroCount = this.zero;
		s.count = n;
		const v = s.getValueAtQuantile(q);
		return Number.isFinite(v) ? v : null;
	}

	/**
	 * "<zero>;<base64url>": the bins as runs of consecutive keys, each run a zigzag varint of
	 * its first key's distance from the previous run's end, a varint of its length, then its
	 * counts as varints (~2.7 characters a bin where decimals took ~4: the records are most
	 * of the history's memory).
	 */
	encode(): string {
		const keys = [...this.bins.keys()].sort((a, b) => a - b);
		const out: number[] = [];
		let prevEnd = 0;
		for (let i = 0; i < keys.length;) {
			let j = i + 1;
			while (j < keys.length && keys[j] === keys[j - 1]! + 1) j++;
			pushVarint(out, zigzag(keys[i]! - prevEnd));
			pushVarint(out, j - i);
			for (let k = i; k < j; k++) pushVarint(out, Math.round(this.bins.get(keys[k]!)!));
			prevEnd = keys[j - 1]!;
			i = j;
		}
		return `${Math.round(this.zero)};${Buffer.from(out).toString('base64url')}`;
	}

	/** A malformed string (hand-edited Redis) decodes to what can be read of it. */
	static decode(s: string | undefined): LatencySketch {
		const out = new LatencySketch();
		if (!s) return out;
		const [zero, body = ''] = s.split(';', 2);
		const z = Number(zero);
		if (Number.isFinite(z) && z > 0) out.zero = z;
		const bytes = Buffer.from(body, 'base64url');
		const r = { at: 0 };
		let prevEnd = 0;
		while (r.at < bytes.length) {
			const gap = readVarint(bytes, r);
			const len = readVarint(bytes, r);
			if (gap === null || len === null || len < 1) break;
			let k = prevEnd + unzigzag(gap);
			for (let n = 0; n < len; n++, k++) {
				const c = readVarint(bytes, r);
				if (c === null) return out;
				if (c > 0 && (out.bins.has(k) || out.bins.size < MAX_KEYS))
					out.bins.set(k, (out.bins.get(k) ?? 0) + c);
			}
			prevEnd = k - 1;
		}
		return out;
	}
}

const zigzag = (n: number) => (n >= 0 ? 2 * n : -2 * n - 1);
const unzigzag = (n: number) => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);

/** unsigned LEB128, for counts up to 2^53 (arithmetic, not 32-bit shifts) */
function pushVarint(out: number[], n: number): void {
	let v = Math.max(0, Math.floor(n));
	while (v >= 128) {
		out.push((v % 128) + 128);
		v = Math.floor(v / 128);
	}
	out.push(v);
}

/** null at a truncated varint or one longer than 8 bytes (hostile) */
function readVarint(b: Buffer, r: { at: number }): number | null {
	let v = 0;
	let mul = 1;
	for (let i = 0; i < 8; i++) {
		if (r.at >= b.length) return null;
		const x = b[r.at++]!;
		v += (x & 127) * mul;
		if (x < 128) return v;
		mul *= 128;
	}
	return null;
}
