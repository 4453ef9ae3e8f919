// 10,000 sockets on one dashboard process (issue 22): the Overview room watched by 10,000
// socket.io clients over loopback (websocket transport, opened 100 at a time) while the
// simulator writes 100 req/s. Counts every delta every client received (a gap in a client's
// seq is a lost delta), the server's RSS per socket, /api/health latency probed every 20 ms,
// the server's event-loop delay p99 and its CPU. The clients live in this process, so they
// share the 2 cores with the server, Redis and the simulator.
import { createClient } from 'redis';
import { startRedisServer } from '../scripts/lib/redis-server.ts';
import { startServerProcess } from '../scripts/lib/server-process.ts';
import { KEYS } from '../src/lib/shared/contract/keys.ts';
import {
	connectOverviewClients,
	countDeliveries,
	dashboardProcess,
	simulator,
	sleep,
	stats,
	type Stats
} from './lib.ts';
import { healthProbe, metricsLoop } from './users.ts';

const RATE = 100;

export interface SocketsRow {
	sockets: number;
	connectS: number;
	rssPerSocketKb: number;
	achievedRate: number;
	deltasPerClient: number;
	delivered: string;
	gaps: number;
	health: Stats;
	loopP99Ms: number;
	serverCpuPct: number;
	serverRssMb: number;
}

export async function runSockets(n = 10_000, seconds = 15): Promise<SocketsRow> {
	const redis = await startRedisServer();
	const server = await startServerProcess({ REDIS_URL: redis.url, LOG_FILE: 'false' });
	const c = createClient({ url: redis.url });
	await c.connect();
	try {
		await sleep(1_000);
		const before = await dashboardProcess(server.url);
		const seqs: number[][] = Array.from({ length: n }, () => []);
		const t0 = performance.now();
		const sockets = await connectOverviewClients(server.url, n, (i, d) => seqs[i]!.push(d.seq));
		const connectS = (performance.now() - t0) / 1000;
		await sleep(2_000);
		const joined = await dashboardProcess(server.url);
		const sim = simulator(redis.url, RATE, seconds + 6);
		await sleep(3_000);
		for (const s of seqs) s.length = 0;
		const q0 = Number(await c.get(KEYS.requestsTotal)) || 0;
		await metricsLoop(server.url);
		const p0 = await dashboardProcess(server.url);
		const w0 = performance.now();
		const probe = healthProbe(server.url);
		await sleep(seconds * 1000);
		const health = await probe.stop();
		const loop = await metricsLoop(server.url);
		const p1 = await dashboardProcess(server.url);
		const elapsed = (performance.now() - w0) / 1000;
		const q1 = Number(await c.get(KEYS.requestsTotal)) || 0;
		sim.kill('SIGTERM');
		await sleep(3_000); // deltas in flight arrive
		const cut = sockets.filter((s) => !s.connected).length;
		for (const s of sockets) s.disconnect();
		const { expected, got, gaps } = countDeliveries(seqs, cut);
		return {
			sockets: n,
			connectS: Math.round(connectS * 10) / 10,
			rssPerSocketKb: Math.round(((joined.rssMb - before.rssMb) * 1000) / n),
			achievedRate: Math.round((q1 - q0) / elapsed),
			deltasPerClient: expected,
			delivered: `${got.toLocaleString('en-US')}/${(expected * n).toLocaleString('en-US')}`,
			gaps,
			health: stats(health),
			loopP99Ms: Math.round(loop.p99),
			serverCpuPct: Math.round(((p1.cpuS - p0.cpuS) / elapsed) * 100),
			serverRssMb: Math.round(p1.rssMb)
		};
	} finally {
		await c.close();
		await server.stop();
		await redis.stop();
	}
}

export function socketsMarkdown(r: SocketsRow | null): string[] {
	if (!r) return [];
	return [
		'',
		`## ${r.sockets.toLocaleString('en-US')} sockets on one process (Overview room, loopback, ${RATE} gateway req/s; the clients share this machine's 2 cores; target: every delta delivered, health p99 ≤ 50 ms)`,
		'',
		'| sockets | connected in | server RSS per socket | req/s | overview deltas per client | delivered | gaps | health p50 / p99 / max | loop delay p99 | server CPU | server RSS |',
		'|---|---|---|---|---|---|---|---|---|---|---|',
		`| ${r.sockets.toLocaleString('en-US')} | ${r.connectS} s | ${r.rssPerSocketKb} KB | ${r.achievedRate} | ${r.deltasPerClient} | ${r.delivered} | ${r.gaps} | ${r.health.p50} / ${r.health.p99} / ${r.health.max} ms | ${r.loopP99Ms} ms | ${r.serverCpuPct}% | ${r.serverRssMb} MB |`
	];
}
