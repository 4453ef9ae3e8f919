// The first k users of a range in (value desc, name asc), kept as their values change —
// the Users and Cost rooms' top lists (pipeline/day-aggregates.ts).
/**
 * The first k users in (value desc, name asc), kept as values change. While it holds fewer
 * than k, it holds every active user; a value that falls or leaves while it is full marks it
 * stale, and the next read rescans every user (rare: range sums only fall when a key is
 * rewritten smaller or deleted, and the day's roll rebuilds anyway).
 */
export class TopList {
	readonly names: string[] = [];
	readonly values: number[] = [];
	readonly #in = new Set<string>();
	stale = false;

	constructor(readonly k: number) {}

	#before(v: number, name: string, i: number): boolean {
		const w = this.values[i]!;
		return v > w || (v === w && name < this.names[i]!);
	}

	#insert(name: string, v: number): void {
		let lo = 0;
		let hi = this.names.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.#before(v, name, mid)) hi = mid;
			else lo = mid + 1;
		}
		this.names.splice(lo, 0, name);
		this.values.splice(lo, 0, v);
		this.#in.add(name);
	}

	/** `v` null: the user is not active in the range (not a candidate). */
	offer(name: string, v: number | null): void {
		if (this.stale) return;
		if (this.#in.has(name)) {
			const i = this.names.indexOf(name);
			const full = this.names.length === this.k;
			const old = this.values[i]!;
			this.names.splice(i, 1);
			this.values.splice(i, 1);
			this.#in.delete(name);
			if (full && (v === null || v < old)) {
				// someone outside may now come before it: only a rescan knows who
				this.stale = true;
				return;
			}
			if (v !== null) this.#insert(name, v);
			return;
		}
		if (v === null) return;
		if (this.names.length < this.k) return this.#insert(name, v);
		if (!this.#before(v, name, this.k - 1)) return;
		this.#in.delete(this.names.pop()!);
		this.values.pop();
		this.#insert(name, v);
	}

	clear(): void {
		this.names.length = 0;
		this.values.length = 0;
		this.#in.clear();
		this.stale = false;
	}
}
