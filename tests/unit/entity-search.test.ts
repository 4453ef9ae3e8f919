// The header search's index (issue 22) is not rebuilt per new user: ids that appear or go
// after a build are merged into each query. Property test: under random adds and removals
// (users, and users known only from helix:user:team), every answer equals a freshly built
// index's, while the long-lived index rebuilt its users' tokens only past MAX_TOUCHED.
import { describe, expect, it } from 'vitest';
import { EntityIndex, MAX_TOUCHED } from '../../src/lib/server/explore/search.ts';
import { DaySeries } from '../../src/lib/server/pipeline/day-series.ts';
import { Store } from '../../src/lib/server/pipeline/store.ts';

function rng(seed: number) {
	return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

const PARTS = ['svc', 'batch', 'alice', 'al', 'bob', 'load', 'x'];
const SEPS = [':', '/', '.', '-', '@', ''];

describe('the header search index', () => {
	it.each([1, 2, 3])(
		'answers as a fresh build under random adds and removals (seed %i)',
		(seed) => {
			const r = rng(seed);
			const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
			const store = new Store();
			const e = store.entities;
			const series = DaySeries.fromDays(new Map([['2026-12-01', 1]]))!;
			const id = () => `${pick(PARTS)}${pick(SEPS)}${pick(PARTS)}${Math.floor(r() * 40)}`;
			for (let i = 0; i < 300; i++) e.setUser(id(), 'spend', series);
			const index = new EntityIndex(store);
			index.search('a', null);
			const builds = index.builds;
			for (let step = 0; step < 400; step++) {
				const x = r();
				if (x < 0.4) e.setUser(id(), 'spend', series);
				else if (x < 0.6) e.setUser(pick([...e.users.keys()]), 'spend', null);
				else if (x < 0.8) e.patchTeams([[id(), pick(['red', 'blue'])]]);
				else if (x < 0.9 && e.teams.size) {
					const keep = new Set([...e.teams.keys()].filter(() => r() < 0.8));
					e.dropTeamsExcept(keep);
				}
				if (step % 5 === 0) {
					const q = pick(['a', 'al', 'alice', 'b', 'svc:', 'load', 'x1', '3', 'zz', 'batch']);
					const fresh = new EntityIndex(store);
					const want = fresh.search(q, null);
					fresh.close();
					const got = index.search(q, null);
					expect(got).toEqual(want);
				}
			}
			// the population moved by far less than MAX_TOUCHED ids: never rebuilt
			expect(index.builds).toBe(builds);
			index.close();
		}
	);

	it('rebuilds once more than MAX_TOUCHED ids moved, and then answers as a fresh build', () => {
		const store = new Store();
		const index = new EntityIndex(store);
		index.search('u', null);
		expect(index.builds).toBe(1);
		store.entities.patchTeams(
			Array.from({ length: MAX_TOUCHED + 1 }, (_, i) => [`user${i}`, 'red'] as [string, string])
		);
		const got = index.search('user1', null);
		expect(index.builds).toBe(2);
		const fresh = new EntityIndex(store);
		expect(got).toEqual(fresh.search('user1', null));
		fresh.close();
		index.close();
	});
});
