import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { KEYS, spendModelKey, spendUserKey } from '../../src/lib/shared/contract/keys.ts';
import { dateInZone } from '../../src/lib/shared/time.ts';
import type { Health } from '../../src/lib/shared/protocol/health.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

let h: Harness;
const today = () => dateInZone(Date.now(), 'UTC');

beforeAll(async () => {
	h = await startHarness(inject('redisUrl'));
});
afterAll(async () => h?.close());
beforeEach(async () => {
	await h.reset();
});

describe('live pipeline', () => {
	it('pushes a single write to a subscribed client as the next delta', async () => {
		const f = await h.follow('overview');
		const seq = f.sync.view!.seq;
		await h.writer.set(KEYS.requestsTotal, '41');
		await h.writer.incr(KEYS.requestsTotal);
		const s = await f.until((s) => s.requestsTotal === 42, 3_000, 'requestsTotal 42');
		expect(s.requestsTotal).toBe(42);
		expect(f.sync.view!.seq).toBeGreaterThan(seq);
		expect(f.sync.resyncs).toBe(0);
		// every delta followed the previous one: no gaps
		f.deltas.forEach((d, i) => i > 0 && expect(d.seq).toBe(f.deltas[i - 1]!.seq + 1));
	});

	it("reads the original README's example keys into the right overview figures", async () => {
		const f = await h.follow('overview');
		await h.writer.hSet('helix:exact:abc', {
			response: '...',
			model: 'gpt-4o',
			cost_usd: '0.00032',
			created_at: '1732642151'
		});
		await h.writer.set(KEYS.requestsTotal, '12345');
		await h.writer.set(KEYS.cacheHits, '6789');
		await h.writer.zIncrBy(spendUserKey('123'), 1.25, today());
		await h.writer.zIncrBy(KEYS.spendTotal, 1.25, today());
		await h.writer.zIncrBy(KEYS.spendTotal, 99, '2024-01-01');
		await h.writer.rPush(
			KEYS.piiIncidents,
			JSON.stringify({
				user_id: '123',
				entity_type: 'CREDIT_CARD',
				timestamp: '2024-01-01T00:00:00Z'
			})
		);
		const s = await f.until(
			(s) =>
				s.requestsTotal === 12345 &&
				s.cacheHits === 6789 &&
				s.piiIncidents === 1 &&
				s.spendTotalUsd === 100.25
		);
		expect(s.hitRate).toBeCloseTo(6789 / 12345, 12);
		expect(s.spendTodayUsd).toBe(1.25);
		expect(s.latency).toBeNull();
		expect(s.costSavedUsd).toBeNull();
	});

	it("reads the published gateway's variants: latency max in seconds, LPUSH incidents, per-model spend", async () => {
		const f = await h.follow('overview');
		await h.writer.set(KEYS.latencyMax, '2.5');
		await h.writer.lPush(
			KEYS.piiIncidents,
			JSON.stringify({ user_id: 'None', timestamp: 'x', action: 'redacted', content_preview: 'hi' })
		);
		await h.writer.zIncrBy(spendModelKey('gpt-4o'), 0.5, today());
		const s = await f.until((s) => s.latency !== null && s.piiIncidents === 1);
		expect(s.latency).toEqual({ source: 'max', maxMs: 2500 });
	});

	it('computes p50/p95/p99 from the helix:events stream when it exists', async () => {
		const f = await h.follow('overview');
		for (let i = 1; i <= 100; i++) {
			await h.writer.xAdd(KEYS.events, '*', {
				model: 'm',
				user: 'u',
				outcome: 'miss',
				latency_ms: String(i),
				cost_usd: '0.001'
			});
		}
		const s = await f.until((s) => s.latency?.source === 'events' && s.latency.samples === 100);
		expect(s.latency).toMatchObject({ source: 'events', p50Ms: 50, p95Ms: 95, p99Ms: 99 });
	});

	it('coalesces a burst of 1,000 writes into far fewer flushes and lands on the final value', async () => {
		const f = await h.follow('overview');
		const before = h.server.realtime.collector.stats.flushes;
		await Promise.all(Array.from({ length: 1000 }, () => h.writer.incr(KEYS.requestsTotal)));
		await f.until((s) => s.requestsTotal === 1000, 5_000, 'requestsTotal 1000');
		const flushes = h.server.realtime.collector.stats.flushes - before;
		expect(flushes).toBeGreaterThan(0);
		expect(flushes).toBeLessThan(100);
		expect(f.deltas.length).toBeLessThan(100);
	});

	it('serves /api/health and /api/snapshot as JSON, and rejects an unknown room with 400', async () => {
		await h.writer.set(KEYS.requestsTotal, '7');
		await waitFor(() => h.server.realtime.snapshot('overview')?.state.requestsTotal === 7);
		const health = (await (await fetch(`${h.baseUrl}/api/health`)).json()) as Health;
		expect(health.status).toBe('ok');
		expect(health.redis).toMatchObject({ connected: true, notifications: 'on' });
		const snap = await (await fetch(`${h.baseUrl}/api/snapshot?room=overview`)).json();
		expect(snap.state.requestsTotal).toBe(7);
		const bad = await fetch(`${h.baseUrl}/api/snapshot?room=nope`);
		expect(bad.status).toBe(400);
		expect((await bad.json()).error).toMatch(/unknown room/);
	});

	it('answers a join for an unknown room with a clear error, not a crash', async () => {
		const s = await h.connect();
		const reply = await s.timeout(2_000).emitWithAck('join', 'nope' as 'overview');
		expect(reply).toEqual({
			ok: false,
			code: 'not_found',
			msg: expect.stringMatching(/unknown room "nope"/)
		});
		expect(s.connected).toBe(true);
	});
});
