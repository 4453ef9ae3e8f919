// Cache Performance room and cache controls against a real Redis (no search module here,
// so semantic entries are counted with SCAN).
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { KEYS, spendUserKey } from '../../src/lib/shared/contract/keys.ts';
import type { CacheFlushRequest } from '../../src/lib/shared/protocol/cache.ts';
import { startHarness, waitFor, type Harness, type TestSocket } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
	h = await startHarness(inject('redisUrl'), { CACHE_SAMPLE_MS: '500' });
});
afterAll(async () => h?.close());
beforeEach(async () => {
	await h.reset();
});

async function seedCache() {
	const w = h.writer;
	for (let i = 0; i < 30; i++)
		await w.hSet(`helix:exact:h${i}`, {
			response: 'r',
			model: i < 10 ? 'gpt-4o' : 'gpt-4o-mini',
			cost_usd: '0.001',
			created_at: String(Math.floor(Date.now() / 1000) - 7200)
		});
	for (let i = 0; i < 20; i++)
		await w.setEx(
			`helix:exact:s${i}`,
			3600,
			JSON.stringify({ model: i < 5 ? 'gpt-4o' : 'claude-3-5-haiku', choices: [] })
		);
	for (let i = 0; i < 15; i++)
		await w.hSet(`helix:vector:v${i}`, {
			prompt: 'p',
			model: i < 3 ? 'gpt-4o' : 'gpt-4o-mini',
			response_json: '{}',
			created_at: new Date().toISOString()
		});
	// everything a flush must never touch
	await w.set(KEYS.requestsTotal, '1000');
	await w.set(KEYS.cacheHits, '400');
	await w.zIncrBy(KEYS.spendTotal, 12.5, '2026-01-01');
	await w.zIncrBy(spendUserKey('u1'), 12.5, '2026-01-01');
	await w.lPush(
		KEYS.piiIncidents,
		JSON.stringify({ user_id: 'u1', timestamp: new Date().toISOString() })
	);
	await w.xAdd(KEYS.events, '*', {
		model: 'gpt-4o',
		user: 'u1',
		outcome: 'exact',
		latency_ms: '3'
	});
	await w.set(
		'helix-dashboard:security:settings',
		JSON.stringify({ incidentThresholdPerHour: 3, notificationMethods: [] })
	);
	await w.set('helix:exactly-not-a-cache-key', 'keep'); // a near miss of the pattern's prefix, on purpose
}

const count = (s: TestSocket, req: CacheFlushRequest) =>
	s.timeout(10_000).emitWithAck('cache:count', req);
const flush = (s: TestSocket, req: CacheFlushRequest) =>
	s.timeout(10_000).emitWithAck('cache:flush', req);

describe('Cache Performance room', () => {
	it('splits hit rates by type and model from helix:events, and counts entries', async () => {
		await seedCache();
		const w = h.writer;
		const ev = (model: string, outcome: string, similarity?: string) =>
			w.xAdd(KEYS.events, '*', {
				model,
				user: 'u',
				outcome,
				latency_ms: '5',
				cost_usd: outcome === 'miss' ? '0.01' : '0',
				...(similarity ? { similarity } : {})
			});
		for (let i = 0; i < 6; i++) await ev('gpt-4o', 'exact');
		for (let i = 0; i < 3; i++) await ev('gpt-4o', 'semantic', '0.95');
		for (let i = 0; i < 17; i++) await ev('gpt-4o-mini', 'miss', '0.86');
		const f = await h.follow('cache');
		// 1 exact event from the seed + 6 exact + 3 semantic + 17 misses
		const s = await f.until(
			(s) => s.window?.requests === 27 && s.contents !== null,
			5_000,
			'window and contents'
		);
		expect(s.window).toMatchObject({
			exact: 7,
			semantic: 3,
			miss: 17,
			exactRate: 7 / 27,
			semanticRate: 3 / 27,
			hitRate: 10 / 27
		});
		expect(s.perModel.find((m) => m.model === 'gpt-4o-mini')).toMatchObject({
			requests: 17,
			hitRate: 0,
			spendShare: 1
		});
		expect(s.similarity!.hits.reduce((a, b) => a + b)).toBe(3);
		expect(s.similarity!.nearMisses.reduce((a, b) => a + b)).toBe(17);
		expect(s.contents!.exact.count).toBe(50);
		expect(s.contents!.semantic).toMatchObject({
			count: 15,
			source: expect.stringMatching(/^SCAN helix:vector:\*/)
		});
		expect(s.contents!.exact.memoryBytesEstimate).toBeGreaterThan(0);
		expect(s.contents!.exact.age.reduce((a, b) => a + b) + s.contents!.exact.ageUnknown).toBe(50);
		expect(s.contents!.exact.noExpiry).toBe(30); // the hash entries were written without a TTL
		expect(s.hitRate).toBe(0.4);
		// 17 near-misses at 0.86, within 0.03 of the 0.88 threshold: the rule fires with its figures
		const near = s.recommendations.find((r) => r.id === 'near-misses')!;
		expect(near.figures).toContainEqual({ label: 'near-misses', value: '17' });
		expect(near.figures).toContainEqual({ label: 'share of semantic lookups', value: '85.00%' });
	});
});

describe('cache controls', () => {
	it('counts, then flushes only the exact cache; spend, counters, incidents and events survive', async () => {
		await seedCache();
		const f = await h.follow('cache');
		const s = await h.connect();
		expect(await count(s, { target: 'exact' })).toEqual({ ok: true, data: { count: 50 } });
		expect(await h.writer.dbSize()).toBeGreaterThan(50); // a dry run deletes nothing
		const started = await flush(s, { target: 'exact', confirm: true });
		expect(started.ok).toBe(true);
		const done = await f.until((st) => st.flush?.done === true, 10_000, 'flush done');
		expect(done.flush).toMatchObject({ target: 'exact', deleted: 50, error: null });
		expect(await h.writer.keys('helix:exact:*')).toEqual([]);
		expect(await h.writer.keys('helix:vector:*')).toHaveLength(15);
		expect(await h.writer.get(KEYS.requestsTotal)).toBe('1000');
		expect(await h.writer.get(KEYS.cacheHits)).toBe('400');
		expect(await h.writer.zScore(KEYS.spendTotal, '2026-01-01')).toBe(12.5);
		expect(await h.writer.zScore(spendUserKey('u1'), '2026-01-01')).toBe(12.5);
		expect(await h.writer.lLen(KEYS.piiIncidents)).toBe(1);
		expect(await h.writer.xLen(KEYS.events)).toBe(1);
		expect(await h.writer.get('helix-dashboard:security:settings')).not.toBeNull();
		expect(await h.writer.get('helix:exactly-not-a-cache-key')).toBe('keep');
	});

	it("flushes one model's entries, whether stored as a hash or a JSON string, exact and semantic", async () => {
		await seedCache();
		const s = await h.connect();
		expect(await count(s, { target: 'model', model: 'gpt-4o' })).toEqual({
			ok: true,
			data: { count: 10 + 5 + 3 }
		});
		await flush(s, { target: 'model', model: 'gpt-4o', confirm: true });
		await waitFor(
			() => h.server.realtime.snapshot('cache')?.state.flush?.done,
			10_000,
			'flush done'
		);
		expect(h.server.realtime.snapshot('cache')!.state.flush!.deleted).toBe(18);
		expect(await h.writer.keys('helix:exact:*')).toHaveLength(50 - 15);
		expect(await h.writer.keys('helix:vector:*')).toHaveLength(12);
		expect(await h.writer.hGet('helix:exact:h20', 'model')).toBe('gpt-4o-mini');
	});

	it('refuses bad requests with clear messages and never flushes without confirm', async () => {
		await seedCache();
		const s = await h.connect();
		expect(await count(s, { target: 'everything' as 'exact' })).toEqual({
			ok: false,
			code: 'invalid',
			msg: 'target must be exact, semantic or model'
		});
		expect(await count(s, { target: 'model' })).toEqual({
			ok: false,
			code: 'invalid',
			msg: 'target "model" needs a model name'
		});
		expect(await flush(s, { target: 'exact' })).toEqual({
			ok: false,
			code: 'invalid',
			msg: 'confirm: true is required (count first, then confirm)'
		});
		expect(await count(s, { target: 'exact', model: 'x'.repeat(201) })).toMatchObject({
			ok: false,
			msg: 'model is at most 200 characters'
		});
		expect(
			await count(s, { target: 'exact', extra: 1 } as unknown as CacheFlushRequest)
		).toMatchObject({ ok: false });
		expect(await h.writer.keys('helix:exact:*')).toHaveLength(50);
	});
});
