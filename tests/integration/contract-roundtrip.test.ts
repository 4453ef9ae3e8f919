// The contract, both ways: requests written by the recorder (what a Node gateway calls) are
// read back by the dashboard to exactly the figures computed from the requests themselves —
// totals, hits, spend per model, user, team and day, savings, latency percentiles.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordRequest, type RequestRecord } from '../../src/lib/recorder/recorder.ts';
import { dateInZone } from '../../src/lib/shared/time.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
	h = await startHarness(inject('redisUrl'));
	await h.reset();
});
afterAll(async () => h?.close());

/** a small deterministic PRNG: the same requests every run */
function rng(seed: number) {
	return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const nearestRank = (xs: number[], p: number) =>
	[...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)]!;
const sumBy = (rs: RequestRecord[], key: (r: RequestRecord) => string) => {
	const m = new Map<string, number>();
	for (const r of rs) m.set(key(r), (m.get(key(r)) ?? 0) + r.costUsd);
	return m;
};

describe('recorder → dashboard', () => {
	it('reads back exactly what was recorded', async () => {
		const rand = rng(42);
		const users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
		const teamOf: Record<string, string> = {
			u1: 'red',
			u2: 'red',
			u3: 'blue',
			u4: 'blue',
			u5: 'green',
			u6: 'green'
		};
		const models = ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'llama-3-70b'];
		const now = Date.now();
		const records: RequestRecord[] = Array.from({ length: 300 }, (_, i) => {
			const user = users[Math.floor(rand() * users.length)]!;
			const outcome = (['miss', 'miss', 'exact', 'semantic'] as const)[Math.floor(rand() * 4)]!;
			const cost = outcome === 'miss' ? Math.round(rand() * 1e6) / 1e8 : 0;
			return {
				model: models[Math.floor(rand() * models.length)]!,
				user,
				team: teamOf[user]!,
				outcome,
				latencyMs: Math.round(rand() * 3_000 * 1000) / 1000,
				similarity: outcome === 'semantic' ? 0.9 + rand() / 10 : null,
				costUsd: cost,
				savedUsd: outcome === 'miss' ? 0 : Math.round(rand() * 1e6) / 1e8,
				at: now - 30_000 + i * 50 // the last 30 s: all inside the 60 s latency window
			};
		});
		for (const r of records) await recordRequest(h.writer, r, { timezoneOffset: 0 });
		await h.server.realtime.collector.reconcile(false);
		await h.server.realtime.collector.reconcileEntities();
		await h.server.realtime.collector.flushNow();

		const today = dateInZone(Date.now(), 'UTC');
		const o = h.server.realtime.snapshot('overview')!.state;
		expect(o.requestsTotal).toBe(records.length);
		expect(o.cacheHits).toBe(records.filter((r) => r.outcome !== 'miss').length);
		expect(o.spendTotalUsd).toBeCloseTo(
			records.reduce((a, r) => a + r.costUsd, 0),
			9
		);
		expect(o.spendTodayUsd).toBeCloseTo(
			records.filter((r) => dateInZone(r.at!, 'UTC') === today).reduce((a, r) => a + r.costUsd, 0),
			9
		);
		expect(o.costSavedUsd).toBeCloseTo(
			records.reduce((a, r) => a + (r.savedUsd ?? 0), 0),
			9
		);
		expect(o.latency).toMatchObject({
			source: 'events',
			samples: records.length,
			p50Ms: nearestRank(
				records.map((r) => r.latencyMs),
				50
			),
			p95Ms: nearestRank(
				records.map((r) => r.latencyMs),
				95
			),
			p99Ms: nearestRank(
				records.map((r) => r.latencyMs),
				99
			)
		});
		expect(o.problems).toEqual([]);

		const week = h.server.realtime.snapshot('cost')!.state.ranges.find((r) => r.days === 7)!;
		const rows = (xs: { name: string; spendUsd: number }[]) =>
			new Map(xs.map((x) => [x.name, x.spendUsd]));
		for (const [expected, got] of [
			[sumBy(records, (r) => r.model), rows(week.models)],
			[sumBy(records, (r) => r.user!), rows(week.users)],
			[sumBy(records, (r) => r.team!), rows(week.teams)]
		] as const) {
			expect([...got.keys()].sort()).toEqual(
				[...expected.keys()].filter((k) => expected.get(k)! > 0).sort()
			);
			for (const [k, v] of got) expect(v, k).toBeCloseTo(expected.get(k)!, 9);
		}

		const u = h.server.realtime.snapshot('users')!.state.ranges.find((r) => r.days === 7)!;
		for (const row of u.bySpend) {
			const mine = records.filter((r) => r.user === row.user);
			expect(row.requests, row.user).toBe(mine.length);
			expect(row.hits, row.user).toBe(mine.filter((r) => r.outcome !== 'miss').length);
			expect(row.team, row.user).toBe(teamOf[row.user]);
		}
	});
});
