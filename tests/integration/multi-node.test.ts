// Two dashboard processes on one Redis with the Redis Streams adapter, as behind a load
// balancer: a session opened on one works on the other, an operator's change on one reaches
// browsers on the other at once (not at the next reconcile: REFRESH_INTERVAL is 10 minutes
// here), a budget crossing toasts browsers on both, a revocation on one cuts a socket on the
// other, and both show the same numbers.
import { createClient } from 'redis';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../scripts/lib/server-process.ts';
import { Accounts } from '../../src/lib/server/auth/accounts.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import type {
	ClientToServerEvents,
	ServerToClientEvents
} from '../../src/lib/shared/protocol/events.ts';
import type { Reply } from '../../src/lib/shared/protocol/reply.ts';
import type { NocConfig } from '../../src/lib/shared/protocol/noc.ts';
import type { Snapshot } from '../../src/lib/shared/protocol/rooms.ts';
import { waitFor } from '../helpers/harness.ts';

type S = Socket<ServerToClientEvents, ClientToServerEvents>;
const url = `${inject('redisUrl')}/5`;
const writer = createClient({ url });
let a: ServerProcess;
let b: ServerProcess;
let cookie = '';
let csrf = '';
const sockets: S[] = [];

async function socketOn(node: ServerProcess): Promise<S> {
	const s: S = ioClient(node.url, {
		transports: ['websocket'],
		extraHeaders: { cookie },
		reconnection: false
	});
	sockets.push(s);
	await waitFor(() => s.connected, 5_000, 'socket');
	return s;
}

const call = (node: ServerProcess, method: string, path: string, body?: unknown) =>
	fetch(node.url + path, {
		method,
		headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});

beforeAll(async () => {
	await writer.connect();
	await writer.flushDb();
	const r = await new Accounts(() => writer, Date.now).createUser({
		name: 'ops',
		role: 'admin',
		password: 'a long enough password'
	});
	if (!r.ok) throw new Error(r.msg);
	// as deployed behind a load balancer: with the Redis Streams adapter
	const env = {
		REDIS_URL: url,
		LOG_FILE: 'false',
		REFRESH_INTERVAL: '600',
		SOCKET_ADAPTER: 'redis-streams'
	};
	[a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
	const login = await fetch(`${a.url}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: 'ops', password: 'a long enough password' })
	});
	cookie = /helix_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
	csrf = ((await login.json()) as { csrf: string }).csrf;
});
afterAll(async () => {
	for (const s of sockets) s.close();
	await Promise.all([a?.stop(), b?.stop()]);
	await writer.flushDb();
	await writer.close();
});

describe('two dashboard nodes', () => {
	it('accept a session opened on the other node', async () => {
		expect((await call(b, 'GET', '/api/snapshot?room=overview')).status).toBe(200);
	});

	it('push a wall change made on one node to browsers on the other at once', async () => {
		const wall = await socketOn(b);
		const seen: NocConfig[] = [];
		wall.on('noc', (c) => seen.push(c));
		const t0 = Date.now();
		const res = await call(a, 'PUT', '/api/noc', {
			panels: ['cost', 'security'],
			dwellSeconds: 42
		});
		expect(res.status).toBe(200);
		await waitFor(() => seen.some((c) => c.dwellSeconds === 42), 3_000, 'noc change on node B');
		expect(Date.now() - t0).toBeLessThan(3_000);
	});

	it("show a budget created on one node in the other node's cost room at once", async () => {
		const s = await socketOn(b);
		const snap = (await s.timeout(5_000).emitWithAck('join', 'cost')) as Reply<Snapshot<'cost'>>;
		expect(snap.ok).toBe(true);
		const names: string[] = [];
		s.on('delta', (d) => {
			const budgets = (d.changes as { budgets?: { name: string }[] }).budgets;
			if (budgets) names.push(...budgets.map((x) => x.name));
		});
		expect(
			(
				await call(a, 'POST', '/api/budgets', {
					name: 'cross-node',
					scope: 'gateway',
					monthlyUsd: 10,
					thresholds: [80]
				})
			).status
		).toBe(201);
		await waitFor(() => names.includes('cross-node'), 3_000, 'budget on node B');
	});

	it('toast a budget crossing on browsers of both nodes, once each', async () => {
		const [sa, sb] = [await socketOn(a), await socketOn(b)];
		const seen = [0, 0];
		sa.on('budget', () => seen[0]!++);
		sb.on('budget', () => seen[1]!++);
		await writer.zIncrBy(KEYS.spendTotal, 5, new Date().toISOString().slice(0, 10));
		expect(
			(
				await call(b, 'POST', '/api/budgets', {
					name: 'toast',
					scope: 'gateway',
					monthlyUsd: 8,
					thresholds: [50]
				})
			).status
		).toBe(201);
		await waitFor(() => seen[0] && seen[1], 5_000, 'the crossing on both nodes');
		await new Promise((r) => setTimeout(r, 1_000));
		expect(seen).toEqual([1, 1]);
	});

	it('cut a socket on one node when its session is revoked on the other', async () => {
		const s = await socketOn(b);
		let reason = '';
		s.on('disconnect', (r) => (reason = r));
		expect((await call(a, 'DELETE', '/api/accounts/ops/sessions')).status).toBe(200);
		await waitFor(() => reason, 3_000, 'socket on node B cut');
		expect(reason).toBe('io server disconnect');
		expect((await call(b, 'GET', '/api/snapshot')).status).toBe(401);
	});

	it('show the same numbers', async () => {
		const login = await fetch(`${b.url}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'ops', password: 'a long enough password' })
		});
		cookie = /helix_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
		await writer.set(KEYS.requestsTotal, '4242');
		const total = async (n: ServerProcess) =>
			((await (await call(n, 'GET', '/api/snapshot?room=overview')).json()) as Snapshot<'overview'>)
				.state.requestsTotal;
		await waitFor(
			async () => (await total(a)) === 4242 && (await total(b)) === 4242,
			5_000,
			'both nodes at 4242'
		);
	});

	it('log no Redis or adapter connection errors on either node', () => {
		const bad = [...a.logs, ...b.logs].filter((l) =>
			/connection error|unhandled|uncaught/i.test(l)
		);
		expect(bad).toEqual([]);
	});
});
