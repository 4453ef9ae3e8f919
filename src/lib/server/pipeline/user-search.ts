// The Users page's search ("find users by id fragment"): a 3-gram index over user ids,
// updated as users appear and go (never rebuilt per query, never a scan of every id). Each id
// is indexed by the 3 characters from each position (the last two give 2 and 1), so every
// position starts a gram (about one list entry per character). A query of 3 or more characters reads the rarest of
// its leading 3-grams; a shorter one the grams that start with it. Each candidate is checked
// with includes(); the walk stops after MAX_CANDIDATES ids, so a query costs O(MAX_CANDIDATES)
// however many users there are, and its answer then says it is cut.
/** ids examined per query at most (each: one includes() and the caller's filter) */
export const MAX_CANDIDATES = 2_000;
/** characters of an id that are indexed: a fragment starting further in is not found */
export const INDEXED_CHARS = 64;
/** a long query picks its rarest gram among the first few (a match starting by character 56 is found) */
const LEADING_GRAMS = 8;
const GRAM = 3;

export interface SearchHits {
	ids: string[];
	/** the walk stopped before it saw every candidate */
	cut: boolean;
	/** ids examined */
	examined: number;
}

export class UserSearchIndex {
	/** id by ordinal ('' once gone) and its lowercase form; ordinals are not reused until a compaction */
	#ids: string[] = [];
	#lower: string[] = [];
	readonly #ord = new Map<string, number>();
	readonly #grams = new Map<string, number[]>();
	/** the grams that start with each 1- and 2-character prefix (short queries) */
	readonly #byPrefix = new Map<string, string[]>();
	#dead = 0;

	get size(): number {
		return this.#ord.size;
	}

	add(id: string): void {
		if (this.#ord.has(id)) return;
		const ord = this.#ids.length;
		const low = id.toLowerCase();
		this.#ids.push(id);
		this.#lower.push(low);
		this.#ord.set(id, ord);
		for (const g of gramsOf(low.slice(0, INDEXED_CHARS))) {
			const list = this.#grams.get(g);
			if (list) list.push(ord);
			else {
				this.#grams.set(g, [ord]);
				for (const p of [g.slice(0, 1), g.slice(0, 2)]) {
					const grams = this.#byPrefix.get(p);
					if (grams) grams.push(g);
					else this.#byPrefix.set(p, [g]);
				}
			}
		}
	}

	remove(id: string): void {
		const ord = this.#ord.get(id);
		if (ord === undefined) return;
		this.#ord.delete(id);
		this.#ids[ord] = '';
		this.#dead++;
		// the lists keep the dead ordinal until they are compacted: once the dead outnumber
		// the living (amortised O(1) per removal)
		if (this.#dead > 1_000 && this.#dead > this.#ord.size) this.#compact();
	}

	#compact(): void {
		const live = this.#ids.filter(Boolean);
		this.#ids = [];
		this.#lower = [];
		this.#ord.clear();
		this.#grams.clear();
		this.#byPrefix.clear();
		this.#dead = 0;
		for (const id of live) this.add(id);
	}

	/** Ids containing `query` (case-insensitive) that `allowed` accepts, at most `limit`. */
	search(query: string, allowed: (id: string) => boolean, limit: number): SearchHits {
		const q = query.toLowerCase();
		const ids: string[] = [];
		const seen = new Set<number>();
		let examined = 0;
		for (const list of this.#candidates(q))
			for (const ord of list) {
				const id = this.#ids[ord]!;
				// a short query's lists overlap (one id under several grams): each id once
				if (!id || seen.has(ord)) continue;
				if (examined === MAX_CANDIDATES) return { ids, cut: true, examined };
				examined++;
				seen.add(ord);
				if (!this.#lower[ord]!.includes(q) || !allowed(id)) continue;
				ids.push(id);
				if (ids.length === limit) return { ids, cut: true, examined };
			}
		return { ids, cut: false, examined };
	}

	/** The posting lists that hold every id containing `q` (within its indexed characters). */
	#candidates(q: string): (readonly number[])[] {
		if (q.length < GRAM) return (this.#byPrefix.get(q) ?? []).map((g) => this.#grams.get(g)!);
		let best: readonly number[] | null = null;
		for (let i = 0; i + GRAM <= q.length && i < LEADING_GRAMS; i++) {
			const list = this.#grams.get(q.slice(i, i + GRAM)) ?? [];
			if (!best || list.length < best.length) best = list;
			if (best.length === 0) break;
		}
		return [best ?? []];
	}
}

/** Every distinct 3 characters of an id from each position (the last two: 2 and 1), so that
 * every position starts a gram. */
function gramsOf(s: string): Set<string> {
	const out = new Set<string>();
	for (let i = 0; i < s.length; i++) out.add(s.slice(i, i + GRAM));
	return out;
}
