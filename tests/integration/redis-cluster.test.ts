// The dashboard on a local three-master Redis Cluster that this test makes (redis-server
// --cluster-enabled yes ×3 + redis-cli --cluster create). REFRESH_INTERVAL is 10 minutes, so
// every live figure here arrived by keyspace notification — from whichever master holds the
// key. Then the topology changes under it: a master restarts, a fourth master joins and a slot
// moves to it; two nodes share the Socket.IO adapter on the cluster; the LiteLLM callback and
// `npm run user` run against it; and on a second cluster, with replicas, a master fails over.
import { execFileSync, spawnSync } from 'node:child_process';
import { createClient, createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster, type RedisCluster } from '../../scripts/lib/redis-cluster.ts';
import { recordIncident, recordRequest } from '../../src/lib/recorder/recorder.ts';
import { slotOf } from '../../src/lib/recorder/slot-batch.ts';
import { Accounts } from '../../src/lib/server/auth/accounts.ts';
import { countFlush, runFlush } from '../../src/lib/server/cache/flush.ts';
import { KEYS, exactKey } from '../../src/lib/shared/contract/keys.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';
import { asRecord, dump, payloads, PYTHON } from '../helpers/litellm.ts';

let cluster: RedisCluster;
let h: Harness;
const writer = () => gateway;
let gateway: ReturnType<typeof createCluster>;
const masterOf = (key: string) => gateway.slots[slotOf(key)]!.master.port;

beforeAll(async () => {
	cluster = await startRedisCluster(3);
	gateway = createCluster({ rootNodes: [{ url: cluster.url }] });
	await gateway.connect();
	h = await startHarness(cluster.url, {
		REDIS_CLUSTER: 'true',
		REFRESH_INTERVAL: '600',
		ENTITY_RECONCILE_INTERVAL: '600',
		// the account test removes its account again: back to open on loopback, as before it
		AUTH_REQUIRED: 'false'
	});
}, 60_000);
let hClosed = false;
afterAll(async () => {
	if (!hClosed) await h?.close();
	await gateway?.close();
	await cluster?.stop();
});

describe('on a Redis Cluster', () => {
	it('sets the notification flags and subscribes on every master', async () => {
		expect(h.server.realtime.health().redis).toMatchObject({
			connected: true,
			notifications: 'on',
			mode: 'cluster',
			nodes: 3
		});
		for (const n of cluster.nodes) {
			expect(await cluster.cli(n, 'CONFIG', 'GET', 'notify-keyspace-events')).toMatch(/K/);
			expect(Number(await cluster.cli(n, 'PUBSUB', 'NUMPAT'))).toBeGreaterThanOrEqual(1);
		}
	});

	it("shows a gateway's writes live although its keys live on different masters", async () => {
		// the Overview's keys are spread over the masters, or this test would prove little
		expect(
			new Set(
				[
					KEYS.requestsTotal,
					KEYS.cacheHits,
					KEYS.spendTotal,
					KEYS.piiIncidents,
					KEYS.latencyMax
				].map(masterOf)
			).size
		).toBeGreaterThan(1);
		const f = await h.follow('overview');
		for (let i = 0; i < 60; i++) {
			await recordRequest(writer(), {
				model: i % 2 ? 'gpt-4o' : 'claude-3-5-haiku',
				user: `u${i % 7}`,
				team: 'search',
				outcome: i % 3 ? 'miss' : 'exact',
				latencyMs: 100 + i,
				costUsd: 0.5
			});
		}
		await recordIncident(writer(), {
			user: 'u1',
			action: 'redacted',
			contentPreview: 'card 4111 1111 1111 1111'
		});
		const s = await f.until(
			(s) =>
				s.requestsTotal === 60 &&
				s.cacheHits === 20 &&
				s.piiIncidents === 1 &&
				s.spendTotalUsd === 30,
			5_000,
			'every figure'
		);
		expect(s.hitRate).toBeCloseTo(20 / 60);
		// per-user keys, spread over every master, arrived by notification too (the entity re-scan is 10 minutes away)
		const users = await h.follow('users');
		await users.until((u) => u.userCount === 7, 5_000, 'seven users');
		expect(h.server.realtime.health().pipeline.reconcileCorrections).toBe(0);
	});

	it('rolls those requests up into history on the cluster (state and buckets share one slot)', async () => {
		const history = h.server.realtime.history!;
		const from = Date.now() - 3_600_000;
		let total = 0;
		await waitFor(
			async () => {
				const a = await history.query({ metric: 'requests', from, to: Date.now() + 60_000 });
				total = a.points.reduce((s, [, v]) => s + (v ?? 0), 0);
				return total === 60;
			},
			10_000,
			'60 requests in the rollups'
		);
		const byModel = await history.query({
			metric: 'requests',
			from,
			to: Date.now() + 60_000,
			model: 'gpt-4o'
		});
		expect(byModel.points.reduce((s, [, v]) => s + (v ?? 0), 0)).toBe(30);
		expect(history.writer.stats.conflicts).toBe(0);
	});

	it('finds and deletes cache entries on every master (SCAN per master, UNLINK per slot)', async () => {
		const keys = Array.from({ length: 40 }, (_, i) => exactKey(`hash${i}`));
		expect(new Set(keys.map(masterOf)).size).toBe(3);
		for (const k of keys)
			await gateway.set(k, JSON.stringify({ model: 'gpt-4o', response: 'x' }), {
				expiration: { type: 'EX', value: 600 }
			});
		const client = h.server.realtime.redis;
		expect(await countFlush(client, { target: 'exact' })).toBe(40);
		const done = await runFlush(client, { target: 'exact' }, Date.now, () => {});
		expect(done).toMatchObject({ done: true, deleted: 40, error: null });
		expect(await countFlush(client, { target: 'exact' })).toBe(0);
		expect(await gateway.get(KEYS.requestsTotal)).toBe('60'); // nothing but the cache went
	});

	it('adds up every master on the System Health and Cache pages', async () => {
		for (let i = 0; i < 30; i++)
			await gateway.set(exactKey(`sum${i}`), JSON.stringify({ model: 'gpt-4o', response: 'x' }), {
				expiration: { type: 'EX', value: 600 }
			});
		const system = await h.follow('system');
		const s = await system.until((s) => s.redis !== null, 10_000, 'a Redis sample');
		expect(s.redis!.role).toBe('cluster of 3 masters');
		expect(s.services.find((x) => x.name === 'Redis Cluster (3 masters)')).toMatchObject({
			status: 'ok',
			detail: expect.stringMatching(/notifications on at every master/)
		});
		const clients = await Promise.all(
			cluster.nodes.map(async (n) =>
				Number(/connected_clients:(\d+)/.exec(await cluster.cli(n, 'INFO', 'clients'))![1])
			)
		);
		expect(s.redis!.connectedClients).toBeGreaterThan(Math.max(...clients)); // a sum, not one node
		const cache = await h.follow('cache');
		const c = await cache.until(
			(c) => c.contents !== null && c.contents.exact.count === 30,
			10_000,
			'cache contents'
		);
		expect(c.contents!.exact.source).toBe('SCAN helix:exact:*');
		expect(c.contents!.semantic.source).toBe('SCAN helix:vector:* on every master');
		await Promise.all(Array.from({ length: 30 }, (_, i) => gateway.del(exactKey(`sum${i}`))));
	});

	it('signs in and out: session batches, MGET and DEL across slots', async () => {
		const accounts = new Accounts(() => h.server.realtime.redis, Date.now);
		const made = await accounts.createUser({
			name: 'ops',
			role: 'viewer',
			password: 'a long enough password'
		});
		expect(made.ok).toBe(true);
		await h.server.realtime.auth.load();
		try {
			expect((await fetch(`${h.baseUrl}/api/snapshot`)).status).toBe(401);
			const login = await fetch(`${h.baseUrl}/api/auth/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ username: 'ops', password: 'a long enough password' })
			});
			expect(login.status).toBe(200);
			const cookie = /helix_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
			const csrf = ((await login.json()) as { csrf: string }).csrf;
			expect(
				(await fetch(`${h.baseUrl}/api/snapshot?room=overview`, { headers: { cookie } })).status
			).toBe(200);
			const logout = await fetch(`${h.baseUrl}/api/auth/logout`, {
				method: 'POST',
				headers: { cookie, 'x-csrf-token': csrf }
			});
			expect(logout.status).toBe(200);
			expect(
				(await fetch(`${h.baseUrl}/api/snapshot?room=overview`, { headers: { cookie } })).status
			).toBe(401);
		} finally {
			expect((await accounts.deleteUser('ops')).ok).toBe(true);
			await h.server.realtime.auth.load();
		}
	});

	it('comes back to a master restarted under it: flags set again, writes there live again', async () => {
		const key = KEYS.cacheHits;
		const node = cluster.nodes.find((n) => n.port === masterOf(key))!;
		const f = await h.follow('overview');
		await node.kill();
		// same port and nodes.conf: the same master, with notifications off again and (no
		// persistence here) its keys gone
		await node.restart();
		await waitFor(
			async () => /K/.test(await cluster.cli(node, 'CONFIG', 'GET', 'notify-keyspace-events')),
			10_000,
			'flags set again'
		);
		await waitFor(
			async () => (await cluster.cli(node, 'CLUSTER', 'INFO')).includes('cluster_state:ok'),
			10_000,
			'cluster ok'
		);
		await waitFor(
			() =>
				recordRequest(writer(), {
					model: 'gpt-4o',
					user: 'u2',
					team: 'search',
					outcome: 'exact',
					latencyMs: 10,
					costUsd: 0
				}).then(() => true),
			10_000,
			'a write the cluster takes'
		);
		const hits = Number(await gateway.get(key));
		expect(hits).toBe(1);
		await f.until((s) => s.cacheHits === hits, 5_000, 'the hit on the restarted master');
	});

	it('follows the topology: a master that joins gets its flags and a subscriber, and a slot moved to it stays live', async () => {
		const added = await cluster.addMaster();
		// a fresh redis-server starts with notifications off: the flags below are the dashboard's doing
		await waitFor(
			async () => Number(await cluster.cli(added, 'PUBSUB', 'NUMPAT')) >= 1,
			10_000,
			'a subscriber on the new master'
		);
		expect(h.server.realtime.health().redis.nodes).toBe(4);
		await waitFor(
			async () => /K/.test(await cluster.cli(added, 'CONFIG', 'GET', 'notify-keyspace-events')),
			5_000,
			'flags on the new master'
		);
		const total = Number(await gateway.get(KEYS.requestsTotal));
		await cluster.moveSlot(slotOf(KEYS.requestsTotal), added);
		expect(Number(await cluster.cli(added, 'GET', KEYS.requestsTotal))).toBe(total);

		const f = await h.follow('overview');
		const corrections = h.server.realtime.health().pipeline.reconcileCorrections;
		await recordRequest(writer(), {
			model: 'gpt-4o',
			user: 'u1',
			team: 'search',
			outcome: 'miss',
			latencyMs: 100,
			costUsd: 0.5
		});
		await f.until((s) => s.requestsTotal === total + 1, 5_000, 'the write on the new master');
		expect(masterOf(KEYS.requestsTotal)).toBe(added.port);
		expect(h.server.realtime.health().pipeline.reconcileCorrections).toBe(corrections);
	});
});

describe('two nodes on the cluster with SOCKET_ADAPTER=redis-streams', () => {
	it('toast a budget crossing on both nodes once (stream and sharded channels on the cluster)', async () => {
		await h.close(); // a node without the adapter would announce crossings to its own browsers only
		hClosed = true;
		const env = { REDIS_CLUSTER: 'true', SOCKET_ADAPTER: 'redis-streams', REFRESH_INTERVAL: '600' };
		const [a, b] = [await startHarness(cluster.url, env), await startHarness(cluster.url, env)];
		try {
			const [s1, s2] = [await a.connect(), await b.connect()];
			const seen = [0, 0];
			s1.on('budget', () => seen[0]!++);
			s2.on('budget', () => seen[1]!++);
			const spent = Number(
				await gateway.zScore(KEYS.spendTotal, new Date().toISOString().slice(0, 10))
			);
			expect(spent).toBeGreaterThan(1);
			const res = await fetch(`${a.baseUrl}/api/budgets`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					name: 'On the cluster',
					scope: 'gateway',
					monthlyUsd: spent,
					thresholds: [50]
				})
			});
			expect(res.status).toBe(201);
			await waitFor(() => seen[0] && seen[1], 10_000, 'the crossing on both nodes');
			await new Promise((r) => setTimeout(r, 1_000));
			expect(seen).toEqual([1, 1]);
			// an operator's change on one node reaches the other over the sync channel at once
			const noc = await fetch(`${a.baseUrl}/api/noc`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ panels: ['cost'], dwellSeconds: 17 })
			});
			expect(noc.status).toBe(200);
			await waitFor(
				() => b.server.realtime.noc.config().dwellSeconds === 17,
				3_000,
				'the wall change on node B'
			);
		} finally {
			await Promise.all([a.close(), b.close()]);
		}
	});
});

describe.skipIf(
	spawnSync(PYTHON, ['-c', 'import redis.cluster'], { stdio: 'ignore' }).status !== 0
)('the LiteLLM callback on the cluster', () => {
	it('writes exactly the keys the Node recorder writes there', async () => {
		const nodes = await Promise.all(
			cluster.nodes.map((n) => createClient({ url: n.url }).connect())
		);
		const flush = () => Promise.all(nodes.map((n) => n.flushAll()));
		try {
			await flush();
			const written = execFileSync(
				PYTHON,
				['integrations/litellm/selftest.py', cluster.url, '0', 'cluster'],
				{ input: payloads.map((p) => JSON.stringify(p)).join('\n') }
			).toString();
			expect(written.trim()).toBe(String(payloads.length));
			const py = await dump(nodes);
			await flush();
			for (const p of payloads) await recordRequest(gateway, asRecord(p), { timezoneOffset: 0 });
			const js = await dump(nodes);
			expect(Object.keys(py)).toContain('helix:spend:user:carol');
			expect(py).toEqual(js);
		} finally {
			await Promise.all(nodes.map((n) => n.close()));
		}
	});
});

describe('npm run user on the cluster', () => {
	const user = (args: string[], input = '') =>
		spawnSync(process.execPath, ['--import', 'tsx', 'scripts/user.ts', ...args], {
			input,
			env: { ...process.env, REDIS_URL: cluster.url, REDIS_CLUSTER: 'true' },
			encoding: 'utf8'
		});

	it('adds, lists, signs out and removes an account, and audits it', async () => {
		const add = user(['add', 'clio', '--role', 'viewer'], 'a long enough password\n');
		expect(add.stderr).toBe('');
		expect(add.stdout).toMatch(/account clio \(viewer\) created/);
		expect(user(['list']).stdout).toMatch(/^clio\tviewer\tall teams$/m);
		expect(user(['signout', 'clio']).status).toBe(0);
		expect(user(['remove', 'clio']).stdout).toMatch(/account clio removed/);
		expect(user(['list']).stdout).not.toMatch(/clio/);
		const audit = await gateway.xRange('helix-dashboard:audit', '-', '+');
		expect(audit.map((e) => e.message.action)).toEqual(
			expect.arrayContaining(['account.create', 'account.sessions.revoke', 'account.delete'])
		);
	});

	it('says so when the cluster cannot be reached', () => {
		const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/user.ts', 'list'], {
			env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1', REDIS_CLUSTER: 'true' },
			encoding: 'utf8'
		});
		expect(r.status).toBe(1);
		expect(r.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
	});
});

describe('a failover on a cluster with replicas', () => {
	it('follows a replica promoted to master: its slots are read there and its writes stay live', async () => {
		const c = await startRedisCluster(3, 1);
		// a gateway as the recorder's README asks for: commands fail at once while a master is away
		const gw = createCluster({
			rootNodes: [{ url: c.url }],
			defaults: { disableOfflineQueue: true }
		});
		gw.on('error', () => {});
		await gw.connect();
		const write = () =>
			recordRequest(gw, {
				model: 'gpt-4o',
				user: 'fo',
				team: 'search',
				outcome: 'miss',
				latencyMs: 10,
				costUsd: 0.1
			});
		const hh = await startHarness(c.url, {
			REDIS_CLUSTER: 'true',
			REFRESH_INTERVAL: '600',
			ENTITY_RECONCILE_INTERVAL: '600'
		});
		try {
			// just after `--cluster create` a replica may still be listed as a master for a moment
			await waitFor(() => hh.server.realtime.health().redis.nodes === 3, 10_000, 'three masters');
			const f = await hh.follow('overview');
			for (let i = 0; i < 5; i++) await write();
			await f.until((s) => s.requestsTotal === 5, 5_000, 'before the failover');
			const master = c.nodes.find(
				(n) => n.port === gw.slots[slotOf(KEYS.requestsTotal)]!.master.port
			)!;
			const promoted = await c.failOver(master);
			// the promoted replica had no notification flags: the dashboard set them and subscribed
			await waitFor(
				async () =>
					/K/.test(await c.cli(promoted, 'CONFIG', 'GET', 'notify-keyspace-events')) &&
					Number(await c.cli(promoted, 'PUBSUB', 'NUMPAT')) >= 1,
				10_000,
				'flags and a subscriber on the promoted replica'
			);
			// the recorder makes the gateway's client re-read the slot map when a master is gone
			await write();
			await write();
			await f.until((s) => s.requestsTotal === 7, 5_000, 'live from the promoted replica');
			// and what the dashboard reads itself goes to the new master (a full reconcile, no stale route)
			await hh.server.realtime.collector.reconcile(false);
			expect(hh.server.realtime.snapshot('overview')!.state.requestsTotal).toBe(7);
			// once the cluster marks the dead master failed, it drops out and health is whole again
			await waitFor(
				() =>
					hh.server.realtime.health().redis.nodes === 3 &&
					hh.server.realtime.health().redis.notifications === 'on',
				15_000,
				'the dead master dropped'
			);
		} finally {
			await hh.close();
			await gw.close().catch(() => {});
			await c.stop();
		}
	}, 60_000);
});
