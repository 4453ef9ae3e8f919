// The golden signals on the Overview (issue 18): error rate, time to first token and tokens
// per second over the event window, from helix:events' optional fields, equal to what was
// written (hand-computed here); entries without the fields leave the figures empty, not 0.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
	h = await startHarness(`${inject('redisUrl')}/3`, { REFRESH_INTERVAL: '1' });
	await h.writer.flushDb();
	await h.server.realtime.collector.reconcile(false);
});
afterAll(async () => {
	await h?.writer.flushDb();
	await h?.close();
});

const base = { model: 'm', user: 'u', outcome: 'miss', latency_ms: '500' };

describe('golden signals', () => {
	it('are empty for entries without the optional fields', async () => {
		const f = await h.follow('overview');
		await h.writer.xAdd(KEYS.events, '*', base);
		const s = await f.until((s) => s.golden?.requests === 1);
		expect(s.golden).toMatchObject({
			requests: 1,
			withStatus: 0,
			errorRate: null,
			ttftP95Ms: null,
			tokensPerS: null
		});
	});

	it('count errors among the entries with a status, and take TTFT and tokens from the fields', async () => {
		const f = await h.follow('overview');
		// 20 more: 4 errors among the 20 with a status; TTFT 100..1,000 ms on ten; 30 tokens each
		for (let i = 0; i < 20; i++)
			await h.writer.xAdd(KEYS.events, '*', {
				...base,
				status: i % 5 === 0 ? 'error' : 'ok',
				...(i % 5 === 0 ? { error_type: 'timeout' } : {}),
				...(i < 10 ? { ttft_ms: String((i + 1) * 100) } : {}),
				tokens_in: '10',
				tokens_out: '20'
			});
		const s = await f.until((s) => s.golden?.requests === 21);
		const g = s.golden!;
		expect(g.withStatus).toBe(20);
		expect(g.errors).toBe(4);
		expect(g.errorRate).toBe(0.2);
		expect(g.ttftSamples).toBe(10);
		// the sketch's p95 of 100…1,000 ms is the value at rank 0.95 × (10 − 1) = 8.55 → 900 ms,
		// within its 2% relative accuracy
		expect(Math.abs(g.ttftP95Ms! - 900) / 900).toBeLessThanOrEqual(0.02);
		// 600 tokens over the window's span (it starts at the minute of the first entry)
		const span = (Date.now() - Math.floor(Date.now() / 60_000) * 60_000) / 1000;
		expect(g.tokensPerS! * Math.max(1, span)).toBeGreaterThan(600 * 0.8);
		expect(g.tokensPerS! * Math.max(1, span)).toBeLessThan(600 * 1.25);
	});
});
