import { describe, expect, it } from 'vitest';
import { isCacheKey } from '../../src/lib/server/cache/flush.ts';
import { durationBucket } from '../../src/lib/server/cache/contents.ts';
import { recommend } from '../../src/lib/server/cache/recommendations.ts';
import {
	EventStats,
	SIM_BINS,
	simBin,
	STATS_MINUTES
} from '../../src/lib/server/pipeline/event-stats.ts';
import type { GatewayEvent } from '../../src/lib/shared/contract/parse.ts';
import type {
	CacheContents,
	CacheModelRow,
	CacheState
} from '../../src/lib/shared/protocol/state/cache.ts';

const ev = (ts: number, over: Partial<GatewayEvent> = {}): GatewayEvent => ({
	ts,
	model: 'm',
	user: 'u',
	team: null,
	outcome: 'miss',
	latencyMs: 1,
	similarity: null,
	tokensIn: null,
	tokensOut: null,
	costUsd: 0,
	savedUsd: 0,
	status: null,
	errorType: null,
	ttftMs: null,
	provider: null,
	requestId: null,
	...over
});

describe('EventStats', () => {
	it('bins similarity with everything under 0.6 in the first bin and 1.0 in the last', () => {
		expect(simBin(0.1)).toBe(0);
		expect(simBin(0.6)).toBe(1);
		expect(simBin(0.88)).toBe(15);
		expect(simBin(1)).toBe(SIM_BINS - 1);
	});

	it('keeps the last STATS_MINUTES minutes only', () => {
		const s = new EventStats();
		const t0 = 60_000 * 1000;
		s.add(ev(t0, { outcome: 'exact' }));
		s.add(ev(t0 + 60_000 * (STATS_MINUTES - 1), { outcome: 'semantic', similarity: 0.9 }));
		expect(s.window(t0 + 60_000 * (STATS_MINUTES - 1))!.outcomes).toEqual({
			exact: 1,
			semantic: 1,
			miss: 0
		});
		expect(s.window(t0 + 60_000 * STATS_MINUTES)!.outcomes).toEqual({
			exact: 0,
			semantic: 1,
			miss: 0
		});
		expect(s.window(t0 + 60_000 * (2 * STATS_MINUTES))).toBeNull();
	});
});

describe('recommendations (known answers)', () => {
	const window = (o: Partial<NonNullable<CacheState['window']>>): CacheState['window'] => ({
		minutes: 15,
		requests: 100,
		exact: 30,
		semantic: 20,
		miss: 50,
		hitRate: 0.5,
		exactRate: 0.3,
		semanticRate: 0.2,
		...o
	});
	const row = (o: Partial<CacheModelRow>): CacheModelRow => ({
		model: 'm',
		requests: 50,
		hitRate: 0.5,
		exactRate: 0.3,
		semanticRate: 0.2,
		costUsd: 1,
		savedUsd: 1,
		spendShare: 0.1,
		latencyP95Ms: 300,
		usdPerMTokens: null,
		...o
	});

	it('names a model with a low hit rate and a large share of spend, with its figures', () => {
		const recs = recommend(
			window({}),
			[row({ model: 'gpt-4o', hitRate: 0.1, spendShare: 0.6, costUsd: 12 }), row({})],
			null,
			null
		);
		expect(recs.map((r) => r.id)).toEqual(['low-hit-high-spend:gpt-4o']);
		expect(recs[0]!.figures).toContainEqual({ label: 'gpt-4o hit rate', value: '10.00%' });
		expect(recs[0]!.figures).toContainEqual({ label: 'spend in window', value: '$12.00' });
	});

	it('says nothing without enough data', () => {
		expect(
			recommend(window({ requests: 10 }), [row({ hitRate: 0, spendShare: 1 })], null, null)
		).toEqual([]);
		expect(recommend(null, [], null, null)).toEqual([]);
	});

	it('flags entries expiring faster than hits are served when most have < 6 h left', () => {
		const kind = {
			count: 100,
			source: 's',
			sampled: 40,
			memoryBytesEstimate: 1,
			ttl: [25, 5, 5, 5, 0, 0],
			noExpiry: 0,
			age: [0, 0, 0, 0, 0, 0],
			ageUnknown: 40,
			sampleModels: []
		};
		const contents: CacheContents = {
			at: 0,
			exact: kind,
			semantic: kind,
			buckets: [],
			expiredPerS: 5
		};
		// 50 hits in 15 minutes = 0.056 hits/s < 5 expiries/s
		expect(recommend(window({}), [], null, contents).map((r) => r.id)).toEqual([
			'expiring-before-reuse'
		]);
		expect(recommend(window({}), [], null, { ...contents, expiredPerS: 0.01 })).toEqual([]);
	});
});

describe('cache key safety', () => {
	it('accepts only cache entry prefixes', () => {
		expect(isCacheKey('helix:exact:abc')).toBe(true);
		expect(isCacheKey('helix:vector:1')).toBe(true);
		for (const k of [
			'helix:exactly',
			'helix:spend:total',
			'helix:requests:total',
			'helix:pii:incidents',
			'helix-dashboard:x'
		])
			expect(isCacheKey(k)).toBe(false);
		expect(durationBucket(30 * 60_000)).toBe(0);
		expect(durationBucket(40 * 24 * 3_600_000)).toBe(5);
	});
});
