// The dashboard on a local three-master Redis Cluster that this test makes (redis-server
// --cluster-enabled yes ×3 + redis-cli --cluster create). REFRESH_INTERVAL is 10 minutes, so
// every live figure here arrived by keyspace notification — from whichever master holds the
// key. Then the topology changes under it: a fourth master joins and a slot moves to it.
import { createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster, type RedisCluster } from '../../scripts/lib/redis-cluster.ts';
import { recordIncident, recordRequest } from '../../src/lib/recorder/recorder.ts';
import { slotOf } from '../../src/lib/recorder/slot-batch.ts';
import { Accounts } from '../../src/lib/server/auth/accounts.ts';
import { countFlush, runFlush } from '../../src/lib/server/cache/flush.ts';
import { KEYS, exactKey } from '../../src/lib/shared/contract.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

let cluster: RedisCluster;
let h: Harness;
const writer = () => gateway;
let gateway: ReturnType<typeof createCluster>;
const masterOf = (key: string) => gateway.slots[slotOf(key)]!.master.port;

beforeAll(async () => {
	cluster = await startRedisCluster(3);
	gateway = createCluster({ rootNodes: [{ url: cluster.url }] });
	await gateway.connect();
	h = await startHarness(cluster.url, { REDIS_CLUSTER: 'true', REFRESH_INTERVAL: '600', ENTITY_RECONCILE_INTERVAL: '600' });
}, 60_000);
afterAll(async () => {
	await h?.close();
	await gateway?.close();
	await cluster?.stop();
});

describe('on a Redis Cluster', () => {
	it('sets the notification flags and subscribes on every master', async () => {
		expect(h.server.realtime.health().redis).toMatchObject({ connected: true, notifications: 'on' });
		for (const n of cluster.nodes) {
			expect(await cluster.cli(n, 'CONFIG', 'GET', 'notify-keyspace-events')).toMatch(/K/);
			expect(Number(await cluster.cli(n, 'PUBSUB', 'NUMPAT'))).toBeGreaterThanOrEqual(1);
		}
	});

	it("shows a gateway's writes live although its keys live on different masters", async () => {
		// the Overview's keys are spread over the masters, or this test would prove little
		expect(new Set([KEYS.requestsTotal, KEYS.cacheHits, KEYS.spendTotal, KEYS.piiIncidents, KEYS.latencyMax].map(masterOf)).size).toBeGreaterThan(1);
		const f = await h.follow('overview');
		for (let i = 0; i < 60; i++) {
			await recordRequest(writer(), { model: i % 2 ? 'gpt-4o' : 'claude-3-5-haiku', user: `u${i % 7}`, team: 'search', outcome: i % 3 ? 'miss' : 'exact', latencyMs: 100 + i, costUsd: 0.5 });
		}
		await recordIncident(writer(), { user: 'u1', action: 'redacted', contentPreview: 'card 4111 1111 1111 1111' });
		const s = await f.until((s) => s.requestsTotal === 60 && s.cacheHits === 20 && s.piiIncidents === 1 && s.spendTotalUsd === 30, 5_000, 'every figure');
		expect(s.hitRate).toBeCloseTo(20 / 60);
		// per-user keys, spread over every master, arrived by notification too (the entity re-scan is 10 minutes away)
		const users = await h.follow('users');
		await users.until((u) => u.userCount === 7, 5_000, 'seven users');
		expect(h.server.realtime.health().pipeline.reconcileCorrections).toBe(0);
	});

	it('finds and deletes cache entries on every master (SCAN per master, UNLINK per slot)', async () => {
		const keys = Array.from({ length: 40 }, (_, i) => exactKey(`hash${i}`));
		expect(new Set(keys.map(masterOf)).size).toBe(3);
		for (const k of keys) await gateway.set(k, JSON.stringify({ model: 'gpt-4o', response: 'x' }), { expiration: { type: 'EX', value: 600 } });
		const client = h.server.realtime.redis;
		expect(await countFlush(client, { target: 'exact' })).toBe(40);
		const done = await runFlush(client, { target: 'exact' }, Date.now, () => {});
		expect(done).toMatchObject({ done: true, deleted: 40, error: null });
		expect(await countFlush(client, { target: 'exact' })).toBe(0);
		expect(await gateway.get(KEYS.requestsTotal)).toBe('60'); // nothing but the cache went
	});

	it('signs in and out: session batches, MGET and DEL across slots', async () => {
		const accounts = new Accounts(() => h.server.realtime.redis, Date.now);
		const made = await accounts.createUser({ name: 'ops', role: 'viewer', password: 'a long enough password' });
		expect(made.ok).toBe(true);
		await h.server.realtime.auth.load();
		try {
			expect((await fetch(`${h.baseUrl}/api/snapshot`)).status).toBe(401);
			const login = await fetch(`${h.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ops', password: 'a long enough password' }) });
			expect(login.status).toBe(200);
			const cookie = /helix_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
			const csrf = ((await login.json()) as { csrf: string }).csrf;
			expect((await fetch(`${h.baseUrl}/api/snapshot?room=overview`, { headers: { cookie } })).status).toBe(200);
			const logout = await fetch(`${h.baseUrl}/api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
			expect(logout.status).toBe(200);
			expect((await fetch(`${h.baseUrl}/api/snapshot?room=overview`, { headers: { cookie } })).status).toBe(401);
		} finally {
			expect((await accounts.deleteUser('ops')).ok).toBe(true);
			await h.server.realtime.auth.load();
		}
	});

	it('follows the topology: a master that joins gets its flags and a subscriber, and a slot moved to it stays live', async () => {
		const added = await cluster.addMaster();
		// a fresh redis-server starts with notifications off: the flags below are the dashboard's doing
		await waitFor(async () => Number(await cluster.cli(added, 'PUBSUB', 'NUMPAT')) >= 1, 10_000, 'a subscriber on the new master');
		await waitFor(async () => /K/.test(await cluster.cli(added, 'CONFIG', 'GET', 'notify-keyspace-events')), 5_000, 'flags on the new master');
		await cluster.moveSlot(slotOf(KEYS.requestsTotal), added);
		expect(await cluster.cli(added, 'GET', KEYS.requestsTotal)).toBe('60');

		const f = await h.follow('overview');
		const corrections = h.server.realtime.health().pipeline.reconcileCorrections;
		await recordRequest(writer(), { model: 'gpt-4o', user: 'u1', team: 'search', outcome: 'miss', latencyMs: 100, costUsd: 0.5 });
		await f.until((s) => s.requestsTotal === 61, 5_000, 'the write on the new master');
		expect(masterOf(KEYS.requestsTotal)).toBe(added.port);
		expect(h.server.realtime.health().pipeline.reconcileCorrections).toBe(corrections);
	});
});
