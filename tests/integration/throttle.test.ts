// Leading-edge throttle: the first write after a quiet spell is flushed on its own, at once;
// writes that follow within FLUSH_INTERVAL_MS wait for the next flush and are coalesced.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
	h = await startHarness(inject('redisUrl'), {
		FLUSH_INTERVAL_MS: '1000',
		REFRESH_INTERVAL: '600'
	});
	await h.writer.flushAll();
});
afterAll(async () => h?.close());

it('flushes a lone write at once and coalesces the burst behind it into the next flush', async () => {
	const f = await h.follow('overview');
	await new Promise((r) => setTimeout(r, 1_100)); // a quiet spell longer than the interval
	const flushes = h.server.realtime.collector.stats.flushes;
	await h.writer.set(KEYS.requestsTotal, '1');
	await f.until((s) => s.requestsTotal === 1, 5_000, 'the lone write');
	const firstAt = Date.now();
	for (let i = 2; i <= 50; i++) await h.writer.set(KEYS.requestsTotal, String(i));
	await f.until((s) => s.requestsTotal === 50, 5_000, 'the burst');
	// the lone write had a flush of its own (a trailing-edge throttle would have merged it)
	const totals = f.deltas.map((d) => d.changes.requestsTotal).filter((v) => v !== undefined);
	expect(totals).toEqual([1, 50]);
	expect(h.server.realtime.collector.stats.flushes - flushes).toBe(2);
	// and the burst waited for the interval instead of flushing per write
	expect(Date.now() - firstAt).toBeGreaterThanOrEqual(800);
});
