// Auth while Redis is away: a session seen before the outage keeps working on this node, a
// new sign-in answers 503 with a sentence, and audit entries made meanwhile reach the Redis
// stream once it is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';
import { addAccount, call, login } from '../helpers/auth.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

let redis: RedisProcess;
let h: Harness;

beforeAll(async () => {
	redis = await startRedisServer(['--appendonly', 'yes', '--appendfsync', 'always']);
	h = await startHarness(redis.url);
	await addAccount(h, 'ada', 'admin');
});
afterAll(async () => {
	await h?.close();
	await redis?.stop();
});

describe('auth during a Redis outage', () => {
	it('keeps known sessions, refuses new sign-ins clearly, and writes the audit entries afterwards', async () => {
		const ada = await login(h, 'ada');
		expect((await call(h, ada, 'GET', '/api/snapshot?room=overview')).status).toBe(200);

		await redis.kill();
		await waitFor(() => !h.server.realtime.health().redis.connected, 5_000, 'Redis down seen');
		expect((await call(h, ada, 'GET', '/api/snapshot?room=overview')).status).toBe(200);
		const refused = await call(h, null, 'POST', '/api/auth/login', {
			username: 'ada',
			password: 'whatever it is'
		});
		expect(refused.status).toBe(503);
		expect((await refused.json()).error).toMatch(/cannot reach Redis/);
		// an audited call made while Redis is away (refused: Redis is needed to store a budget)
		await call(h, ada, 'POST', '/api/budgets', {
			name: 'during outage',
			scope: 'gateway',
			monthlyUsd: 5,
			thresholds: [80]
		});
		expect(h.server.realtime.auth.audit.waiting).toBeGreaterThanOrEqual(2);

		await redis.restart();
		await waitFor(
			() =>
				h.server.realtime.health().redis.connected && h.server.realtime.auth.audit.waiting === 0,
			10_000,
			'audit entries written'
		);
		const entries = await h.server.realtime.auth.audit.query({ limit: 20 });
		expect(entries.some((e) => e.action === 'budget.create' && e.actor === 'ada')).toBe(true);
		expect(entries.some((e) => e.action === 'login' && e.detail === 'redis unavailable')).toBe(
			true
		);
		// the session survived (AOF): still signed in
		expect((await call(h, ada, 'GET', '/api/snapshot?room=overview')).status).toBe(200);
	});
});
