// Service-level objectives from the history rollups on a real Redis (issue 23, first step):
// known traffic written to helix:events at explicit times, rolled up by the real writer with
// an injected clock, and every objective's SLI, error budget, burn rates and exhaustion time
// checked against the hand-computed figures; a window nobody observed is null, not 0.
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HistoryReader } from '../../src/lib/server/history/reader.ts';
import { makeTiers } from '../../src/lib/server/history/tiers.ts';
import type { RedisClient } from '../../src/lib/server/redis/client.ts';
import { SloService } from '../../src/lib/server/slo/service.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import type { SloStatus } from '../../src/lib/shared/protocol/slo.ts';
import { rollUp } from '../helpers/rollups.ts';

const url = `${inject('redisUrl')}/7`;
const client = createClient({ url }) as unknown as RedisClient;
const M = 60_000;
const H = 60 * M;
const tiers = makeTiers();
/** "now" for the writer and the objectives: a whole minute */
const T = Math.floor(Date.now() / M) * M;

let statuses: SloStatus[];
const byName = (n: string) => statuses.find((s) => s.slo.name === n)!;

beforeAll(async () => {
	await (client as unknown as ReturnType<typeof createClient>).connect();
	await client.flushDb();
	// 300 minutes of 10 requests each; the last 30 minutes have 2 errors of 10 (3,000 ms),
	// every request before is ok (100 ms); one request in 10 is an exact cache hit
	const batch = (client as unknown as ReturnType<typeof createClient>).multi();
	for (let m = 300; m >= 1; m--)
		for (let i = 0; i < 10; i++) {
			const bad = m <= 30 && i < 2;
			batch.xAdd(KEYS.events, `${T - m * M + i * 1000}-0`, {
				model: 'gpt-4o',
				outcome: i === 9 ? 'exact' : 'miss',
				latency_ms: bad ? '3000' : '100',
				cost_usd: '0.001',
				status: bad ? 'error' : 'ok'
			});
		}
	await batch.exec();
	// the per-model objective below names gpt-4o: the writer keeps its 1-minute series
	await rollUp(client, T, { fineModels: ['gpt-4o'] });
	const reader = new HistoryReader({ client, tiers, zone: 'UTC', maxPoints: 1000 });
	const slo = new SloService(
		() => client,
		() => true,
		reader,
		{ now: () => T },
		() => {}
	);
	for (const s of [
		{ name: 'API availability', sli: 'availability', objective: 99, windowDays: 1 },
		{ name: 'Latency 2 s', sli: 'latency', objective: 95, windowDays: 1, thresholdMs: 2000 },
		{ name: 'Hit rate floor', sli: 'hit_rate', objective: 20, windowDays: 1 },
		{ name: 'First token', sli: 'ttft', objective: 90, windowDays: 1, thresholdMs: 500 },
		{
			name: 'GPT-4o availability',
			sli: 'availability',
			objective: 99,
			windowDays: 1,
			model: 'gpt-4o'
		},
		{
			name: 'Claude availability',
			sli: 'availability',
			objective: 99,
			windowDays: 1,
			model: 'claude-3'
		}
	]) {
		const r = await slo.objectives.create(s);
		if (!r.ok) throw new Error(r.msg);
	}
	statuses = await slo.status();
});
afterAll(async () => {
	await client.flushDb();
	await (client as unknown as ReturnType<typeof createClient>).close();
});

describe('SLOs from the rollups', () => {
	it('availability: SLI, budget, burn per window and when the budget runs out', () => {
		const s = byName('API availability');
		// 3,000 requests with a status, 60 errors: 98% against 99% — the budget (30) spent twice
		expect(s.window).toEqual({ good: 2940, total: 3000, burn: expect.closeTo(2, 9) });
		expect(s.sli).toBeCloseTo(0.98, 9);
		expect(s.budgetRemaining).toBeCloseTo(-1, 9);
		expect(s.exhaustsAt).toBeNull(); // already spent
		// last 5 min: 10 of 50 bad = 20% ÷ 1% allowed; 1 h: 60 of 600 = 10×; 6 h and 3 d: all of it, 2×
		expect(s.burn['5m']).toBeCloseTo(20, 9);
		expect(s.burn['30m']).toBeCloseTo(20, 9);
		expect(s.burn['1h']).toBeCloseTo(10, 9);
		expect(s.burn['6h']).toBeCloseTo(2, 9);
		expect(s.burn['3d']).toBeCloseTo(2, 9);
		expect(s.missing).toBeNull();
	});

	it('latency: the share within the threshold, and the budget lasting left × window ÷ the hour’s burn', () => {
		const s = byName('Latency 2 s');
		// 60 of 3,000 slower than 2 s: 2% of a 5% budget → 0.4× over the day, 60% of it left
		expect(s.window.total).toBe(3000);
		expect(s.window.good).toBe(2940);
		expect(s.budgetRemaining).toBeCloseTo(0.6, 9);
		// last hour: 60 of 600 = 10% ÷ 5% = 2× → 0.6 × 24 h ÷ 2 = 7.2 h from now
		expect(s.burn['1h']).toBeCloseTo(2, 9);
		expect(s.exhaustsAt).toBe(T + 7.2 * H);
	});

	it('hit rate as a floor, and an SLI nobody writes the field for', () => {
		const h = byName('Hit rate floor');
		// 300 exact hits of 3,000: 10% against a 20% floor — 90% misses where 80% are allowed
		expect(h.sli).toBeCloseTo(0.1, 9);
		expect(h.window.burn).toBeCloseTo(0.9 / 0.8, 9);
		const t = byName('First token');
		expect(t.sli).toBeNull();
		expect(t.burn['5m']).toBeNull();
		expect(t.budgetRemaining).toBeNull();
		expect(t.missing).toMatch(/ttft_ms/);
	});

	it("per model: that model's requests only, every window (none for a model with no traffic)", () => {
		// all the traffic is gpt-4o's: the same figures as the gateway's, from its own series
		const g = byName('GPT-4o availability');
		expect(g.window).toEqual({ good: 2940, total: 3000, burn: expect.closeTo(2, 9) });
		expect(g.burn['5m']).toBeCloseTo(20, 9);
		expect(g.burn['1h']).toBeCloseTo(10, 9);
		expect(g.burn['6h']).toBeCloseTo(2, 9);
		expect(g.burn['3d']).toBeCloseTo(2, 9); // the hour tier's series (no 5-minute one per model)
		const c = byName('Claude availability');
		expect(c.window.total).toBe(0);
		expect(c.sli).toBeNull();
		expect(c.burn['5m']).toBeNull();
	});

	it('says nothing where nobody observed: before the stream, every figure is null', async () => {
		const reader = new HistoryReader({ client, tiers, zone: 'UTC', maxPoints: 1000 });
		// ten days on: the 1-day window and the short windows hold no observed time
		const later = new SloService(
			() => client,
			() => true,
			reader,
			{ now: () => T + 10 * 24 * H },
			() => {}
		);
		await later.objectives.load();
		const s = (await later.status()).find((x) => x.slo.name === 'API availability')!;
		expect(s.sli).toBeNull();
		expect(s.burn['1h']).toBeNull();
		expect(s.window.total).toBe(0);
	});
});
