// The Users and Cost rooms at scale (issue 22): their ranges, growth and heatmap come from
// aggregates kept up to date as each user key changes (pipeline/user-aggregates.ts). Property
// tests over random stores and random sequences of writes (seeded, reproducible): what the
// rooms send equals a plain recomputation — one row per user, full sorts, day-by-day lookups
// — after every write, across team moves, deletions and day rolls.
import { describe, expect, it } from 'vitest';
import { DaySeries, dateOfDay } from '../../src/lib/server/pipeline/day-series.ts';
import { Store } from '../../src/lib/server/pipeline/store.ts';
import { CostTopic } from '../../src/lib/server/rooms/topics/cost.ts';
import { shownRow, userRow, UsersTopic, TOP } from '../../src/lib/server/rooms/topics/users.ts';
import { teamRows } from '../../src/lib/server/rooms/topics/team-rows.ts';
import { topK } from '../../src/lib/server/rooms/top-k.ts';
import { dateInZone } from '../../src/lib/shared/time.ts';
import { NANO, nano } from '../../src/lib/server/pipeline/aggregate-units.ts';
import { spendBetween } from '../../src/lib/server/rooms/topics/cost.ts';
import { dayNumber } from '../../src/lib/server/pipeline/day-series.ts';
import { RANGES } from '../../src/lib/shared/protocol/state/cost.ts';
import type { UserRow } from '../../src/lib/shared/protocol/state/users.ts';

function lcg(seed: number) {
	let s = seed >>> 0;
	return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const NOW = Date.parse('2026-12-01T12:00:00Z');
const TODAY = dayNumber(dateInZone(NOW, 'UTC'));

function randomStore(seed: number, users: number, withRequests: boolean): Store {
	const r = lcg(seed);
	const store = new Store();
	const teams: Record<string, string> = {};
	for (let u = 0; u < users; u++) {
		const name = `u${Math.floor(r() * users * 3)}`; // some names repeat: the later write wins
		const days = new Map<string, number>();
		for (let d = 0; d < 120; d++)
			if (r() < 0.15) days.set(dateOfDay(TODAY - d), Math.round(r() * 4) / 4); // ties and zeros
		store.entities.setUser(name, 'spend', DaySeries.fromDays(days, TODAY - 400));
		if (withRequests) {
			const q = new Map<string, number>();
			for (let d = 0; d < 100; d++) if (r() < 0.1) q.set(dateOfDay(TODAY - d), Math.floor(r() * 5));
			store.entities.setUser(name, 'requests', DaySeries.fromDays(q, TODAY - 400));
			if (r() < 0.5) {
				const h = new Map<string, number>();
				for (const [d, v] of q) h.set(d, Math.floor(v / 2));
				store.entities.setUser(name, 'hits', DaySeries.fromDays(h, TODAY - 400));
			}
		}
		if (r() < 0.8) teams[name] = `t${Math.floor(r() * 7)}`;
	}
	store.entities.setTeams(teams);
	return store;
}

/** The plain recomputation: a row per user, full sorts, every day looked up. */
function plain(store: Store, TODAY = dayNumber(dateInZone(NOW, 'UTC'))) {
	const users = store.entities.users;
	const byName = (a: UserRow, b: UserRow) => (a.user < b.user ? -1 : a.user > b.user ? 1 : 0);
	const ranges = RANGES.map((days) => {
		const from = TODAY - days + 1;
		const all = [...users].map(([u, s]) => userRow(store, u, s, from, TODAY));
		const active = all.filter((x) => x.spendUsd > 0 || (x.requests ?? 0) > 0);
		return {
			days,
			activeUsers: active.length,
			bySpend: [...active]
				.sort((a, b) => b.spendUsd - a.spendUsd || byName(a, b))
				.slice(0, TOP)
				.map(shownRow),
			byRequests: store.entities.requestsKnown
				? [...active]
						.sort((a, b) => (b.requests ?? 0) - (a.requests ?? 0) || byName(a, b))
						.slice(0, TOP)
						.map(shownRow)
				: null,
			teams: teamRows(store, all)
		};
	});
	const from = TODAY - 89;
	const growth = Array.from({ length: 90 }, (_, i) => ({
		date: dateOfDay(from + i),
		newUsers: 0,
		activeUsers: 0
	}));
	for (const s of users.values()) {
		const series = [s.spend, s.requests].filter((x) => x !== undefined);
		const first = Math.min(...series.map((x) => x.firstActive() ?? Infinity));
		if (first >= from && first <= TODAY) growth[first - from]!.newUsers++;
		for (let d = from; d <= TODAY; d++)
			if (series.some((x) => x.at(d) > 0)) growth[d - from]!.activeUsers++;
	}
	const sum = new Array(7).fill(0) as number[];
	const n = new Array(7).fill(0) as number[];
	for (let d = TODAY - 83; d <= TODAY; d++) {
		let v = 0; // nano-dollars: spend summed across users is summed in integers
		for (const s of users.values()) v += nano(s.spend?.at(d) ?? 0);
		sum[new Date(d * 86_400_000).getUTCDay()]! += v;
		n[new Date(d * 86_400_000).getUTCDay()]!++;
	}
	return { ranges, growth, weekday: sum.map((x, i) => (n[i] ? x / n[i]! / NANO : 0)) };
}

const topic = new UsersTopic({
	timezone: 'UTC',
	groups: { list: () => [] } as never,
	changes: () => []
});

const costTopic = new CostTopic({
	timezone: 'UTC',
	budgets: { list: () => [] } as never,
	groups: { list: () => [] } as never,
	watcher: { crossedFor: () => [] } as never,
	thresholds: () => ({})
});

describe('the Users room at scale', () => {
	for (const [seed, users, withRequests] of [
		[1, 40, true],
		[2, 300, true],
		[3, 300, false],
		[4, 2_000, true]
	] as const)
		it(`equals the plain recomputation (seed ${seed}, ${users} users, requests ${withRequests ? 'known' : 'unknown'})`, () => {
			const store = randomStore(seed, users, withRequests);
			const got = topic.derive(store, NOW);
			const want = plain(store);
			expect(got.ranges).toEqual(want.ranges);
			expect(got.growth).toEqual(want.growth);
			expect(got.heatmap).toEqual({ source: 'daily', weekday: want.weekday });
		});

	it('picks the same top k as a stable sort, ties in index order', () => {
		const r = lcg(9);
		for (let t = 0; t < 50; t++) {
			const v = Array.from({ length: 1 + Math.floor(r() * 300) }, () => Math.floor(r() * 20));
			const k = Math.floor(r() * 60);
			const want = v
				.map((_, i) => i)
				.sort((a, b) => v[b]! - v[a]!)
				.slice(0, k);
			expect(topK(v.length, (a, b) => v[b]! - v[a]! || a - b, k)).toEqual(want);
		}
	});

	it("keeps the Cost room's per-user top list (the top 100 of 2,000, ties included)", () => {
		const store = randomStore(5, 2_000, false);
		const got = costTopic.derive(store, NOW).ranges.find((x) => x.days === 30)!.users;
		const entries = [...store.entities.users]
			.filter(([, s]) => s.spend)
			.map(([u, s]) => [u, s.spend!.sum(TODAY - 29, TODAY)] as const)
			.filter(([, v]) => v > 0)
			.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
			.slice(0, 100);
		expect(got.map((x) => [x.name, x.spendUsd])).toEqual(entries.map(([u, v]) => [u, v]));
	});
});

function grown(s: DaySeries | undefined, day: number, by: number): DaySeries {
	const days = new Map<string, number>();
	if (s) for (let d = s.start; d <= s.end; d++) if (s.at(d)) days.set(dateOfDay(d), s.at(d));
	days.set(dateOfDay(day), (days.get(dateOfDay(day)) ?? 0) + by);
	return DaySeries.fromDays(days, day - 400)!;
}

describe('the incremental aggregates under random writes', () => {
	for (const seed of [21, 22, 23])
		it(`equal a full recomputation after every write (seed ${seed})`, () => {
			const r = lcg(seed);
			const store = new Store();
			const names = Array.from({ length: 80 }, (_, i) => `u${i}`);
			const teams: Record<string, string> = {};
			let now = NOW;
			let rolls = 0;
			topic.derive(store, now); // a room derives at start: the aggregates exist from then on
			const before = store.entities.aggregates.rebuilds;
			for (let step = 0; step < 600; step++) {
				const today = dayNumber(dateInZone(now, 'UTC'));
				const u = names[Math.floor(r() * names.length)]!;
				const metric = (['spend', 'spend', 'requests', 'hits'] as const)[Math.floor(r() * 4)]!;
				const x = r();
				if (x < 0.45) {
					// the common write: today's figure grows (ties on purpose: quarters)
					const by = metric === 'spend' ? Math.ceil(r() * 4) / 4 : Math.ceil(r() * 3);
					store.entities.setUser(
						u,
						metric,
						grown(store.entities.users.get(u)?.[metric], today, by)
					);
				} else if (x < 0.65) {
					// a key rewritten whole: other days, smaller values, some before the window
					const days = new Map<string, number>();
					for (let d = -2; d < 130; d++)
						if (r() < 0.08) days.set(dateOfDay(today - d), Math.floor(r() * 3) / 2);
					store.entities.setUser(u, metric, DaySeries.fromDays(days, today - 400));
				} else if (x < 0.75) {
					store.entities.setUser(u, metric, null); // the key deleted
				} else if (x < 0.93) {
					if (r() < 0.2) delete teams[u];
					else teams[u] = `t${Math.floor(r() * 6)}`;
					store.entities.setTeams({ ...teams });
				} else if (now % 86_400_000 === 12 * 3_600_000) {
					now += 11 * 3_600_000 + 40 * 60_000; // 23:40: the next day builds ahead, in steps
				} else {
					// the local day rolls: past midnight, or days later (the build ahead is for
					// a day that never came, and a rebuild serves)
					now +=
						(r() < 0.7 ? 0 : 86_400_000 * Math.floor(1 + r() * 2)) + 12 * 3_600_000 + 20 * 60_000;
					rolls++;
				}
				store.entities.aggregates.ahead(now, 'UTC', Infinity, 7); // 7 users a step
				if (step % 3) continue;
				const day = dayNumber(dateInZone(now, 'UTC'));
				const got = topic.derive(store, now);
				const want = plain(store, day);
				expect(got.ranges).toEqual(want.ranges);
				expect(got.growth).toEqual(want.growth);
				expect(got.heatmap).toEqual({ source: 'daily', weekday: want.weekday });
				const cost = costTopic.derive(store, now).ranges;
				for (const range of cost)
					expect(range).toEqual({
						days: range.days,
						...spendBetween(store, day - range.days + 1, day)
					});
			}
			// incremental: one rebuild per day roll at most, none per write; most rolls swap to
			// the build made ahead
			const { rebuilds, swaps } = store.entities.aggregates;
			expect(rebuilds - before + swaps).toBeLessThanOrEqual(rolls);
			expect(swaps).toBeGreaterThan(2);
			expect(rolls).toBeGreaterThan(5);
		});
});
