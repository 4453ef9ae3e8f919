// The Users page's search index (issue 22): the same answers as a scan of every id with
// includes(), kept as ids come and go, and a query that looks at no more than MAX_CANDIDATES
// ids however many users there are.
import { describe, expect, it } from 'vitest';
import { MAX_CANDIDATES, UserSearchIndex } from '../../src/lib/server/pipeline/user-search.ts';

function lcg(seed: number) {
	let s = seed >>> 0;
	return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const ALPHABET = 'abcAB.-_@1 9';

describe('the user search index', () => {
	it('answers as a scan with includes() would, through adds and removals (random ids and queries)', () => {
		const r = lcg(5);
		const index = new UserSearchIndex();
		const live = new Set<string>();
		const word = (n: number) =>
			Array.from({ length: n }, () => ALPHABET[Math.floor(r() * ALPHABET.length)]).join('');
		for (let step = 0; step < 4_000; step++) {
			const id = word(1 + Math.floor(r() * 12));
			if (r() < 0.7) {
				index.add(id);
				live.add(id);
			} else {
				const gone = [...live][Math.floor(r() * live.size)];
				if (gone !== undefined) {
					index.remove(gone);
					live.delete(gone);
				}
			}
			if (step % 20) continue;
			const ids = [...live];
			const from = ids[Math.floor(r() * ids.length)] ?? 'a';
			const start = Math.floor(r() * from.length);
			// a fragment of a live id, or random text
			const q =
				r() < 0.7
					? from.slice(start, start + 1 + Math.floor(r() * 5))
					: word(1 + Math.floor(r() * 4));
			const allowed = (u: string) => !u.includes('9');
			const want = ids.filter((u) => u.toLowerCase().includes(q.toLowerCase()) && allowed(u));
			const got = index.search(q, allowed, 10_000);
			expect(got.cut).toBe(false);
			expect(got.ids.sort()).toEqual(want.sort());
		}
		expect(index.size).toBe(live.size);
		// most ids gone: the lists are compacted, the answers stay
		const ids = [...live];
		for (const id of ids.slice(5)) index.remove(id);
		for (const id of ids.slice(0, 5)) expect(index.search(id, () => true, 50).ids).toContain(id);
		for (let k = 0; k < 3_000; k++) index.add(`x${k}`);
		for (let k = 0; k < 2_990; k++) index.remove(`x${k}`);
		expect(index.search('x', () => true, 50).ids.sort()).toEqual([
			'x2990',
			'x2991',
			'x2992',
			'x2993',
			'x2994',
			'x2995',
			'x2996',
			'x2997',
			'x2998',
			'x2999'
		]);
		expect(index.size).toBe(15);
	});

	it('looks at no more than MAX_CANDIDATES ids with 200,000 users, and says when it stopped', () => {
		const index = new UserSearchIndex();
		for (let k = 0; k < 200_000; k++) index.add(`user${k}@team${k % 40}.example`);
		const one = index.search('u', () => true, 50);
		expect(one.ids).toHaveLength(50);
		expect(one.cut).toBe(true);
		// a filter that refuses every id: the walk still stops at the bound
		const none = index.search('user', () => false, 50);
		expect(none).toEqual({ ids: [], cut: true, examined: MAX_CANDIDATES });
		// a precise fragment reads a short list
		const exact = index.search('R199999@', () => true, 50);
		expect(exact.ids).toEqual(['user199999@team39.example']);
		expect(exact.examined).toBeLessThan(1_000);
		expect(index.search('zzz', () => true, 50)).toEqual({ ids: [], cut: false, examined: 0 });
	});
});
