// The semantic-threshold what-if on a real Redis (issue 23): a known distribution of best
// similarities written to helix:events, rolled up by the real writer with an injected clock,
// and every threshold's hit rate and savings, the knee and the risk band read back through
// the reader exactly as the arithmetic in the comments says; overall and per model; a range
// nobody observed is a gap, not zeros.
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { whatIf } from '../../src/lib/server/cache/what-if-reader.ts';
import { HistoryReader } from '../../src/lib/server/history/reader.ts';
import { makeTiers } from '../../src/lib/server/history/tiers.ts';
import type { RedisClient } from '../../src/lib/server/redis/client.ts';
import type { WhatIfAnswer } from '../../src/lib/shared/protocol/what-if.ts';
import { rollUp } from '../helpers/rollups.ts';
import { writeDistribution } from '../helpers/what-if.ts';

const url = `${inject('redisUrl')}/7`;
const client = createClient({ url }) as unknown as RedisClient;
const M = 60_000;
const H = 60 * M;
const tiers = makeTiers();
/** "now": a whole hour plus 40 minutes; the traffic sits in the hour before */
const T = Math.floor(Date.now() / H) * H + 40 * M;

/**
 * 100 requests (tests/helpers/what-if.ts), current threshold 0.88:
 *   gpt-4o: 20 exact hits (saved $0.01 each); 30 semantic hits (saved $0.02 each): 10 at
 *           0.885, 10 at 0.90, 10 at 0.95
 *   claude-3: 50 misses ($0.01 each): 20 at 0.86, 10 at 0.80, 20 with no similarity
 * hit rate at T = (20 + lookups ≥ T) / 100 — 0.70…0.80: 80%; 0.81…0.86: 70%; 0.87…0.88: 50%;
 * 0.89…0.90: 40%; 0.91…0.95: 30%; 0.96…0.99: 20%. Savings at T = $0.20 exact + $0.02 per hit
 * ≥ T + $0.01 per miss ≥ T: 0.86 → $1.00, 0.88 → $0.80 (= actual), 0.89 → $0.60, 0.96 → $0.20.
 * Knee (both axes scaled to [0,1], farthest from the chord 0.70/80% → 0.99/20%): 0.86, 0.385
 * above it (0.80: 0.345). Within 0.02 above 0.88: the 10 hits at 0.885 (0.90 is outside).
 */

let answer: WhatIfAnswer;
const reader = new HistoryReader({ client, tiers, zone: 'UTC', maxPoints: 1000 });

beforeAll(async () => {
	await (client as unknown as ReturnType<typeof createClient>).connect();
	await client.flushDb();
	await writeDistribution(client, T - 70 * M, 1000); // the previous hour, 10 minutes in
	await rollUp(client, T);
	answer = await whatIf(reader, { from: T - 2 * H, to: T }, T, 0.88);
});
afterAll(async () => {
	await client.flushDb();
	await (client as unknown as ReturnType<typeof createClient>).close();
});

const at = (f: WhatIfAnswer['overall'], t: number) =>
	f.curve.find((p) => Math.abs(p.threshold - t) < 1e-9)!;

describe('semantic-threshold what-if', () => {
	it('gives every threshold the hit rate and savings the distribution says', () => {
		const o = answer.overall;
		expect(answer.observed).toBe(true);
		expect(o.requests).toBe(100);
		expect(o.recorded).toBe(60);
		expect(o.actual).toEqual({ hitRate: 0.5, savedUsd: 0.8, semanticHits: 30 });
		expect(o.curve).toHaveLength(30);
		const rates = Object.fromEntries(o.curve.map((p) => [p.threshold.toFixed(2), p.hitRate]));
		for (const [from, to, rate] of [
			[70, 80, 0.8],
			[81, 86, 0.7],
			[87, 88, 0.5],
			[89, 90, 0.4],
			[91, 95, 0.3],
			[96, 99, 0.2]
		] as const)
			for (let k = from; k <= to; k++)
				expect(rates[(k / 100).toFixed(2)], `${k}`).toBeCloseTo(rate, 12);
		expect(at(o, 0.86).savedUsd).toBeCloseTo(1.0, 9);
		expect(at(o, 0.88)).toEqual({ threshold: 0.88, hitRate: 0.5, savedUsd: 0.8, semanticHits: 30 });
		expect(at(o, 0.89).savedUsd).toBeCloseTo(0.6, 9);
		expect(at(o, 0.96).savedUsd).toBeCloseTo(0.2, 9);
		expect(at(o, 0.7).semanticHits).toBe(60);
		expect(answer.knee).toBe(0.86);
		expect(o.nearAbove).toBe(10);
	});

	it('splits it per model from the hourly series', () => {
		// 30 recorded lookups and 50 requests each: by name
		expect(answer.perModel.map((m) => m.model)).toEqual(['claude-3', 'gpt-4o']);
		const [claude, gpt] = answer.perModel as [
			WhatIfAnswer['perModel'][0],
			WhatIfAnswer['perModel'][0]
		];
		expect(gpt.actual.hitRate).toBe(1);
		expect(at(gpt, 0.89).hitRate).toBeCloseTo(0.8, 12); // 20 exact + 20 at ≥ 0.89, of 50
		expect(gpt.nearAbove).toBe(10);
		expect(claude.actual.hitRate).toBe(0);
		expect(at(claude, 0.86).hitRate).toBeCloseTo(0.4, 12); // 20 of 50
		expect(at(claude, 0.86).savedUsd).toBeCloseTo(0.2, 9);
		expect(claude.nearAbove).toBe(0);
	});

	it('is a gap where nobody observed the range', async () => {
		const before = await whatIf(reader, { from: T - 30 * H, to: T - 20 * H }, T, 0.88);
		expect(before.observed).toBe(false);
		expect(before.overall.requests).toBe(0);
		expect(before.overall.curve[0]!.hitRate).toBeNull();
		expect(before.knee).toBeNull();
		expect(before.perModel).toEqual([]);
	});
});
