// Redis killed and restarted mid-stream: the dashboard keeps serving, says Redis is down,
// reconnects, re-enables notifications on the new process and ends up equal to Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import type { Health } from '../../src/lib/shared/protocol/health.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

let redis: RedisProcess;
let h: Harness;

beforeAll(async () => {
	redis = await startRedisServer();
	// a long reconcile period: only the reconcile on reconnect may repair what was missed
	h = await startHarness(redis.url, { REFRESH_INTERVAL: '600' });
});
afterAll(async () => {
	await h?.close();
	await redis?.stop();
});

const health = async () => (await (await fetch(`${h.baseUrl}/api/health`)).json()) as Health;

describe('Redis going away mid-stream', () => {
	it('stays up while Redis is down and is right again once it returns', async () => {
		const f = await h.follow('overview');
		await h.writer.set(KEYS.requestsTotal, '100');
		await f.until((s) => s.requestsTotal === 100);

		await redis.kill();
		const down = await waitFor(
			async () => {
				const hl = await health();
				return hl.redis.connected ? null : hl;
			},
			5_000,
			'health to report Redis down'
		);
		expect(down.status).toBe('degraded');
		expect(f.socket.connected).toBe(true); // browsers stay connected to the dashboard
		expect(f.state().requestsTotal).toBe(100); // last known value kept, not zeroed

		// the new Redis is empty, notifications off; writes land before the dashboard is back
		await redis.restart();
		const w = h.writer;
		await waitFor(() => w.isReady, 10_000, 'writer reconnect');
		await w.set(KEYS.requestsTotal, '7');
		await w.set(KEYS.cacheHits, '3');

		await f.until(
			(s) => s.requestsTotal === 7 && s.cacheHits === 3,
			10_000,
			'values written during the outage'
		);
		const back = await waitFor(
			async () => {
				const hl = await health();
				return hl.redis.connected && hl.redis.notifications === 'on' ? hl : null;
			},
			5_000,
			'health ok'
		);
		expect(back.redis.reconnects).toBeGreaterThanOrEqual(1);

		// live again through notifications (the reconcile period is 10 minutes)
		await w.incrBy(KEYS.requestsTotal, 5);
		await f.until((s) => s.requestsTotal === 12, 3_000, 'live update after restart');
		expect(f.state().hitRate).toBe(0.25);
	});
});

describe('Redis down when the dashboard starts', () => {
	it('serves, reports Redis down, and goes live once Redis appears', async () => {
		const port = await freePort();
		const late = await startHarness(`redis://127.0.0.1:${port}`, {}, { waitForRedis: false });
		let lateRedis: RedisProcess | undefined;
		try {
			const res = await fetch(`${late.baseUrl}/api/health`);
			expect(res.status).toBe(200);
			const hl = (await res.json()) as Health;
			expect(hl).toMatchObject({
				status: 'degraded',
				redis: { connected: false, notifications: 'off' }
			});
			expect(hl.redis.detail).toMatch(/ECONNREFUSED|connecting/);
			// whether accounts exist is unknown without Redis: fail closed, even on loopback
			expect((await fetch(`${late.baseUrl}/api/snapshot`)).status).toBe(401);
			expect(late.server.realtime.auth.required).toBe(true);

			lateRedis = await startRedisServer([], port);
			await waitFor(() => late.writer.isReady, 10_000, 'writer connect');
			// no accounts in this Redis and a loopback address: open, as without the outage
			await waitFor(() => !late.server.realtime.auth.required, 10_000, 'account list read');
			const f = await late.follow('overview');
			await late.writer.set(KEYS.requestsTotal, '31');
			await f.until((s) => s.requestsTotal === 31, 10_000, 'first value once Redis is up');
			expect(late.server.realtime.health().status).toBe('ok');
		} finally {
			await late.close();
			await lateRedis?.stop();
		}
	});
});
