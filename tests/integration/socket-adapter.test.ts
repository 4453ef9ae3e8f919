// Two dashboard nodes with SOCKET_ADAPTER=redis-streams, as behind a load balancer: what one
// node announces (an alert toast from the lease holder, a budget crossing recorded by the node
// that saw it first) reaches browsers on both exactly once; metric deltas stay per node
// (never doubled); and a browser that drops off one node and comes back through the balancer to
// the other gets its session back with the broadcasts it missed.
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordIncident, recordRequest } from '../../src/lib/recorder/recorder.ts';
import { ADAPTER_STREAM } from '../../src/lib/server/socket/adapter.ts';
import type { AlertNotice } from '../../src/lib/shared/protocol/alerts.ts';
import type { BudgetEvent } from '../../src/lib/shared/protocol/events.ts';
import { startHarness, waitFor, type Harness, type TestSocket } from '../helpers/harness.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';

const url = `${inject('redisUrl')}/8`;
const env = { SOCKET_ADAPTER: 'redis-streams', REFRESH_INTERVAL: '600' };
let a: Harness;
let b: Harness;
let proxy: TcpProxy | undefined;

const post = (h: Harness, path: string, body: unknown) =>
	fetch(h.baseUrl + path, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
const settle = () => new Promise((r) => setTimeout(r, 1_500));

beforeAll(async () => {
	a = await startHarness(url, env);
	await a.writer.flushDb();
	await a.server.realtime.alerts!.lease.tick(); // the lease key went with the flush
	b = await startHarness(url, env);
});
afterAll(async () => {
	await proxy?.close();
	await b?.close();
	await a?.writer.flushDb();
	await a?.close();
});

describe('two nodes sharing the Redis Streams adapter', () => {
	it('toast an alert once on every node: the lease holder announces it to all', async () => {
		const [s1, s2] = [await a.connect(), await b.connect()];
		const seen: AlertNotice[][] = [[], []];
		s1.on('alert', (n) => n.to === 'firing' && seen[0]!.push(n));
		s2.on('alert', (n) => n.to === 'firing' && seen[1]!.push(n));
		const rule = await post(a, '/api/alerts/rules', {
			name: 'Across',
			metric: 'pii_per_hour',
			comparator: '>',
			threshold: 0,
			forSeconds: 0,
			severity: 'critical',
			hysteresisPct: 0
		});
		expect(rule.status).toBe(201);
		await b.server.realtime.alerts!.load();
		await recordIncident(a.writer, { user: 'u', action: 'logged', contentPreview: 'x' });
		await waitFor(() => seen[0]!.length && seen[1]!.length, 10_000, 'a toast on each node');
		await settle();
		expect(seen.map((s) => s.length)).toEqual([1, 1]);
		expect(seen[1]![0]!.alert.ruleName).toBe('Across');
		// it went through the adapter's stream, not two local emits
		expect(await a.writer.xLen(ADAPTER_STREAM)).toBeGreaterThan(0);
	});

	it('toast a budget crossing on both nodes although only one node records it', async () => {
		const [s1, s2] = [await a.connect(), await b.connect()];
		const seen: BudgetEvent[][] = [[], []];
		s1.on('budget', (e) => seen[0]!.push(e));
		s2.on('budget', (e) => seen[1]!.push(e));
		expect(
			(
				await post(a, '/api/budgets', {
					name: 'Across',
					scope: 'gateway',
					monthlyUsd: 10,
					thresholds: [50]
				})
			).status
		).toBe(201);
		await recordRequest(a.writer, {
			model: 'gpt-4o',
			user: 'carol',
			team: 'search',
			outcome: 'miss',
			latencyMs: 1,
			costUsd: 6
		});
		await waitFor(
			() => seen[0]!.length && seen[1]!.length,
			10_000,
			'the 50% crossing on each node'
		);
		await settle();
		expect(seen.map((s) => s.length)).toEqual([1, 1]);
		expect(await a.writer.xLen('helix-dashboard:budget-events')).toBe(1);
	});

	it('keep metric deltas per node: consecutive sequence numbers, none doubled', async () => {
		// watched on both nodes, so both compute and emit overview deltas
		const [, f] = [await a.follow('overview'), await b.follow('overview')];
		const before = f.state().requestsTotal ?? 0;
		for (let i = 0; i < 20; i++) {
			await recordRequest(a.writer, {
				model: 'gpt-4o',
				user: 'dave',
				team: 'search',
				outcome: 'exact',
				latencyMs: 5,
				costUsd: 0.01
			});
			await new Promise((r) => setTimeout(r, 10));
		}
		await f.until((s) => s.requestsTotal === before + 20, 5_000, '20 more requests');
		const seqs = f.deltas.map((d) => d.seq);
		expect(seqs.length).toBeGreaterThan(1);
		expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
	});

	it('give a browser that comes back through the balancer to the other node its session and what it missed', async () => {
		proxy = await startTcpProxy(a.server.port);
		const s: TestSocket = ioClient(`http://127.0.0.1:${proxy.port}`, {
			transports: ['websocket'],
			reconnectionDelay: 100,
			reconnectionDelayMax: 300
		});
		const budgets: BudgetEvent[] = [];
		s.on('budget', (e) => budgets.push(e));
		await waitFor(() => s.connected, 5_000, 'socket via the balancer');
		// the first event after connecting carries the stream offset recovery starts from
		expect(
			(
				await post(a, '/api/budgets', {
					name: 'Before',
					scope: 'gateway',
					monthlyUsd: 100,
					thresholds: [5]
				})
			).status
		).toBe(201);
		await waitFor(() => budgets.length === 1, 10_000, 'the first crossing');
		const id = s.id;

		proxy.cut();
		await waitFor(() => !s.connected, 5_000, 'the drop');
		expect(
			(
				await post(a, '/api/budgets', {
					name: 'Missed',
					scope: 'gateway',
					monthlyUsd: 20,
					thresholds: [25]
				})
			).status
		).toBe(201);
		await waitFor(
			async () => (await a.writer.xLen('helix-dashboard:budget-events')) === 3,
			10_000,
			'the crossing made while away'
		);
		proxy.retarget(b.server.port);
		proxy.restore();

		await waitFor(() => s.connected, 10_000, 'reconnect, now to node B');
		expect(s.recovered).toBe(true);
		expect(s.id).toBe(id);
		await waitFor(
			() => budgets.some((e) => e.name === 'Missed'),
			5_000,
			'the missed crossing replayed'
		);
		expect(b.server.realtime.io.of('/').sockets.has(id!)).toBe(true);
		expect(a.server.realtime.io.of('/').sockets.has(id!)).toBe(false);
		s.close();
	});
});

describe('with the adapter off (the default)', () => {
	it('recovers no session: the in-memory adapter would have to buffer every delta for every browser', async () => {
		const h = await startHarness(url, { REFRESH_INTERVAL: '600' });
		try {
			expect(h.server.realtime.config.socketAdapter).toBe('local');
			const s = await h.connect();
			const id = s.id;
			let reconnected = false;
			s.io.on('reconnect', () => (reconnected = true));
			s.io.engine.close();
			await waitFor(() => reconnected && s.connected, 5_000, 'reconnect');
			expect(s.recovered).toBeFalsy();
			expect(s.id).not.toBe(id); // a new session, not the old one back
		} finally {
			await h.close();
		}
	});
});
