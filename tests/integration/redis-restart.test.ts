// Redis killed and restarted mid-stream: the dashboard keeps serving, says Redis is down,
// reconnects, re-enables notifications on the new process and ends up equal to Redis.
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import type { Health } from '../../src/lib/shared/protocol/health.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';
import { startTcpProxy } from '../helpers/tcp-proxy.ts';

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

describe('trend points across an outage (issue 21, item 6)', () => {
	it('after a FLUSHALL, counts only what Redis holds now (issue 21, item 17)', async () => {
		const f = await h.follow('overview');
		const ev = { model: 'm', user: 'u', outcome: 'miss', latency_ms: '20' };
		for (let i = 0; i < 30; i++) await h.writer.xAdd(KEYS.events, '*', ev);
		await h.writer.set(KEYS.requestsTotal, '30');
		await f.until((s) => s.requestsTotal === 30 && s.latency?.source === 'events');
		expect(f.state().latency).toMatchObject({ samples: 30 });

		// FLUSHALL notifies no key: only the counter, starting again below what the dashboard
		// knew, says that the data was reset
		await h.writer.flushAll();
		for (let i = 0; i < 5; i++) await h.writer.xAdd(KEYS.events, '*', ev);
		await h.writer.set(KEYS.requestsTotal, '5');
		const s = await f.until((s) => s.requestsTotal === 5, 15_000);
		// "5 requests in the last 60 s", not 35: the window restarts with the data it describes
		await f.until((s) => s.latency?.source === 'events' && s.latency.samples === 5, 5_000);
		expect(s.requestsTotal).toBe(5);
	});

	it('draws the time Redis was out of reach as a gap, not zero traffic, and no spike after it', async () => {
		const own = await startRedisServer();
		// the dashboard reaches Redis through a proxy whose network can be cut; the gateway does not
		const proxy = await startTcpProxy(own.port);
		const gateway = createClient({ url: own.url });
		await gateway.connect();
		const g = await startHarness(`redis://127.0.0.1:${proxy.port}`, {
			REFRESH_INTERVAL: '600',
			TREND_INTERVAL_MS: '200'
		});
		try {
			const f = await g.follow('overview');
			const points = () => f.sync.view?.series ?? [];
			for (let i = 1; i <= 10; i++) {
				await gateway.set(KEYS.requestsTotal, String(i * 10));
				await new Promise((r) => setTimeout(r, 100));
			}
			await waitFor(() => points().some((p) => (p.reqPerS ?? 0) > 0), 5_000, 'traffic drawn');
			proxy.cut();
			await waitFor(() => !g.server.realtime.health().redis.connected, 10_000, 'down');
			const downAt = Date.now();
			// the gateway goes on while the dashboard cannot see it: 4,900 requests
			await gateway.set(KEYS.requestsTotal, '5000');
			await new Promise((r) => setTimeout(r, 1_200));
			const upAt = Date.now();
			proxy.restore();
			await f.until((s) => s.requestsTotal === 5000, 15_000, 'the jump read after the resync');
			// a gateway that queued its writes flushes them just after: 2,000 at once (item 17)
			await new Promise((r) => setTimeout(r, 300));
			await gateway.set(KEYS.requestsTotal, '7000');
			await f.until((s) => s.requestsTotal === 7000, 5_000, 'the flush read');
			await new Promise((r) => setTimeout(r, 1_000));
			const during = points().filter((p) => p.t > downAt + 300 && p.t < upAt);
			expect(during.length).toBeGreaterThan(0);
			// Redis out of reach: unknown, not 0 requests per second
			expect(during.every((p) => p.reqPerS === null)).toBe(true);
			// the requests it missed are not one tick's traffic
			const after = points().filter((p) => p.t >= upAt && p.reqPerS !== null);
			expect(Math.max(0, ...after.map((p) => p.reqPerS!))).toBeLessThan(200);
		} finally {
			await g.close();
			await gateway.close();
			await proxy.close();
			await own.stop();
		}
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
