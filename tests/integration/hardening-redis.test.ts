// A Redis that stops answering (SIGSTOP on a test-owned redis-server: the TCP connection
// stays open, nothing errors) and a Redis that is gone: health says degraded ("not
// answering") within seconds, requests fail fast instead of hanging for the whole pause,
// the Redis-down alert fires, recovery is automatic, and Prometheus keeps its scrape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';
import type { Health } from '../../src/lib/shared/protocol/health.ts';
import { addAccount, call, login, type Caller } from '../helpers/auth.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

let redis: RedisProcess;
let h: Harness;
let ada: Caller;
let wall: Caller;

beforeAll(async () => {
	redis = await startRedisServer();
	h = await startHarness(redis.url, { REFRESH_INTERVAL: '1' });
	await addAccount(h, 'ada', 'admin');
	ada = await login(h, 'ada');
	const t = await call(h, ada, 'POST', '/api/tokens', { name: 'prometheus' });
	wall = {
		name: 'prometheus',
		cookie: null,
		csrf: null,
		bearer: ((await t.json()) as { token: string }).token
	};
	expect((await call(h, wall, 'GET', '/metrics')).status).toBe(200);
});
afterAll(async () => {
	redis?.proc.kill('SIGCONT');
	await h?.close();
	await redis?.stop();
});

const health = async () => (await (await fetch(`${h.baseUrl}/api/health`)).json()) as Health;

describe('a hung Redis', () => {
	it('is degraded ("not answering") within seconds, fails requests fast, alerts, and recovers', async () => {
		const stoppedAt = performance.now();
		redis.proc.kill('SIGSTOP');
		try {
			const degraded = await waitFor(
				async () => {
					const x = await health();
					return x.redis.notAnswering ? x : null;
				},
				10_000,
				'health to say Redis is not answering'
			);
			const toDegradedMs = performance.now() - stoppedAt;
			expect(degraded.status).toBe('degraded');
			expect(degraded.redis.connected).toBe(false);
			expect(degraded.problems.join(' ')).toMatch(/not answering/);
			console.log(`time to degraded after SIGSTOP: ${Math.round(toDegradedMs)} ms`);

			// a request that needs Redis answers while Redis is still stopped (never a 20 s hang)
			const answered = await waitFor(
				async () => {
					const r = await call(h, ada, 'GET', '/api/snapshot');
					return { status: r.status, body: await r.text() };
				},
				8_000,
				'/api/snapshot to answer while Redis is stopped'
			);
			expect([200, 503]).toContain(answered.status);
			const audit = await call(h, ada, 'GET', '/api/audit');
			expect(audit.status).toBe(503);
			expect(((await audit.json()) as { code: string }).code).toBe('unavailable');
			// Prometheus keeps its scrape: the bearer is known from before
			expect((await call(h, wall, 'GET', '/metrics')).status).toBe(200);
			await waitFor(
				() => h.server.realtime.alerts!.active().some((a) => a.metric === 'redis_down'),
				15_000,
				'the Redis-down alert'
			);
		} finally {
			redis.proc.kill('SIGCONT');
		}
		const back = await waitFor(
			async () => {
				const x = await health();
				return x.status === 'ok' ? x : null;
			},
			15_000,
			'health ok again'
		);
		expect(back.redis.notAnswering).toBe(false);
		expect((await call(h, ada, 'GET', '/api/audit')).status).toBe(200);
	});
});

describe('an evicting Redis', () => {
	it("warns when maxmemory-policy can evict the dashboard's own keys", async () => {
		const admin = h.writer;
		await admin.configSet('maxmemory-policy', 'allkeys-lru');
		try {
			const warned = await waitFor(
				async () => (await health()).redis.evictionRisk,
				10_000,
				'the eviction warning'
			);
			expect(warned).toMatch(/allkeys-lru.*noeviction/);
			const sys = await waitFor(
				async () => {
					const r = await call(h, ada, 'GET', '/api/snapshot?room=system');
					const body = (await r.json()) as {
						state: { services: { name: string; status: string; detail: string }[] };
					};
					const row = body.state.services.find((x) => x.name === 'Redis');
					return row?.status === 'warn' ? row : null;
				},
				10_000,
				'System Health to warn'
			);
			expect(sys.detail).toMatch(/allkeys-lru/);
		} finally {
			await admin.configSet('maxmemory-policy', 'noeviction');
		}
		await waitFor(async () => (await health()).redis.evictionRisk === null, 10_000, 'warning gone');
	});
});

describe('a Redis that is gone', () => {
	it('still answers /metrics to a display-token bearer it knew', async () => {
		await redis.kill();
		try {
			await waitFor(async () => !(await health()).redis.connected, 10_000, 'Redis down');
			const r = await call(h, wall, 'GET', '/metrics');
			expect(r.status).toBe(200);
			expect(await r.text()).toMatch(/helix_dashboard_redis_up 0/);
			// an unknown bearer is still refused
			const stranger = await call(h, { ...wall, bearer: 'hdt_nope_nope' }, 'GET', '/metrics');
			expect(stranger.status).toBe(401);
		} finally {
			await redis.restart();
		}
		await waitFor(async () => (await health()).redis.connected, 15_000, 'Redis back');
	});
});
