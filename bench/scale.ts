// Scale measurements against one dashboard process:
// - Redis cost: commands/s the dashboard issues with 1, 100 and 1,000 connected clients
//   (INFO commandstats, minus what the simulator's requests account for, calibrated with the
//   dashboard stopped), against a 5 s polling design's commands/s for as many sessions;
// - fan-out: the same runs count every delta every client received (a gap in a client's
//   seq is a lost delta) with the server's CPU and RSS;
// - headroom: rising gateway rates until the write → socket lag stops being bounded.
import { createClient } from 'redis';
import { startServerProcess, type ServerProcess } from '../scripts/lib/server-process.ts';
import type { RedisProcess } from '../scripts/lib/redis-server.ts';
import { KEYS } from '../src/lib/shared/contract/keys.ts';
import {
	commandStats,
	connectOverviewClients,
	countDeliveries,
	dashboardProcess,
	procCpuSeconds,
	redisCpuSeconds,
	simulator,
	sleep,
	startLagProbe,
	stats,
	type Redis,
	type Stats
} from './lib.ts';

const LOAD_RATE = 1000;
const WINDOW_S = 10;
/** fan-out rows: command-rate windows per client count (median reported) */
const WINDOWS = 3;
const POLL_S = 5;

export interface FanoutRow {
	clients: number;
	dashboardCmdsPerS: number;
	pollingCmdsPerS: number;
	deltasPerClient: number;
	delivered: string;
	gaps: number;
	serverCpuPct: number;
	serverRssMb: number;
}

export interface HeadroomRow {
	rate: number;
	achievedRate: number;
	probes: string;
	lag: Stats;
	dashboardCpuPct: number;
	redisCpuPct: number;
	simulatorCpuPct: number;
	keepsUp: boolean;
}

export interface ScaleResult {
	cmdsPerRequest: number;
	cmdsPerPoll: number;
	fanout: FanoutRow[];
	headroom: HeadroomRow[];
	limit: string;
}

/** The original design: every session re-reads the overview keys every 5 s. */
async function pollOnce(r: Redis): Promise<void> {
	await Promise.all([
		r.get(KEYS.requestsTotal),
		r.get(KEYS.cacheHits),
		r.lLen(KEYS.piiIncidents),
		r.zRangeWithScores(KEYS.spendTotal, 0, -1)
	]);
}

async function calibrate(
	r: Redis,
	redisUrl: string
): Promise<{ cmdsPerRequest: number; cmdsPerPoll: number }> {
	// no dashboard running: every command is the simulator's or the poller's
	const a = await commandStats(r);
	for (let i = 0; i < 100; i++) await pollOnce(r);
	const b = await commandStats(r);
	const cmdsPerPoll = (b.total - a.total - 1) / 100; // minus the INFO itself
	const before = Number(await r.get(KEYS.requestsTotal)) || 0;
	const c = await commandStats(r);
	const sim = simulator(redisUrl, LOAD_RATE, 6);
	await new Promise((res) => sim.once('exit', res));
	const d = await commandStats(r);
	const after = Number(await r.get(KEYS.requestsTotal)) || 0;
	return { cmdsPerPoll, cmdsPerRequest: (d.total - c.total - 2) / Math.max(1, after - before) };
}

async function fanoutRow(
	server: ServerProcess,
	r: Redis,
	redisUrl: string,
	clients: number,
	cmdsPerRequest: number,
	cmdsPerPoll: number
): Promise<FanoutRow> {
	const seqs: number[][] = Array.from({ length: clients }, () => []);
	const sockets = await connectOverviewClients(server.url, clients, (i, d) => seqs[i]!.push(d.seq));
	const sim = simulator(redisUrl, LOAD_RATE, WINDOWS * WINDOW_S + 4);
	await sleep(2_000);
	for (const s of seqs) s.length = 0;
	const p0 = await dashboardProcess(server.url);
	const t0 = performance.now();
	// several windows, the median reported: the per-user re-scan (every 60 s) lands in one
	const perS: number[] = [];
	for (let w = 0; w < WINDOWS; w++) {
		const c0 = await commandStats(r);
		const q0 = Number(await r.get(KEYS.requestsTotal)) || 0;
		const w0 = performance.now();
		await sleep(WINDOW_S * 1000);
		const c1 = await commandStats(r);
		const q1 = Number(await r.get(KEYS.requestsTotal)) || 0;
		// the bench's own INFO ×2 and GET ×2 are not the dashboard's
		perS.push(
			(c1.total - c0.total - cmdsPerRequest * (q1 - q0) - 4) / ((performance.now() - w0) / 1000)
		);
	}
	const elapsed = (performance.now() - t0) / 1000;
	const p1 = await dashboardProcess(server.url);
	sim.kill('SIGTERM');
	await sleep(1_000); // deltas in flight arrive
	const cut = sockets.filter((s) => !s.connected).length;
	for (const s of sockets) s.disconnect();
	const { expected, got, gaps } = countDeliveries(seqs, cut);
	perS.sort((a, b) => a - b);
	return {
		clients,
		dashboardCmdsPerS: Math.round(perS[Math.floor(perS.length / 2)]!),
		pollingCmdsPerS: Math.round((clients * cmdsPerPoll) / POLL_S),
		deltasPerClient: expected,
		delivered: `${got}/${expected * clients}`,
		gaps,
		serverCpuPct: Math.round(((p1.cpuS - p0.cpuS) / elapsed) * 100),
		serverRssMb: Math.round(p1.rssMb * 10) / 10
	};
}

async function headroomRow(
	server: ServerProcess,
	r: Redis,
	redisUrl: string,
	rate: number
): Promise<HeadroomRow> {
	const writer = createClient({ url: redisUrl });
	await writer.connect();
	const probe = await startLagProbe(server.url, writer);
	// one simulator process tops out near 10,000 requests/s: split higher rates over two
	const sims =
		rate > 6000
			? [simulator(redisUrl, rate / 2, WINDOW_S + 4), simulator(redisUrl, rate / 2, WINDOW_S + 4)]
			: [simulator(redisUrl, rate, WINDOW_S + 4)];
	const simCpu = () => sims.reduce((a, p) => a + procCpuSeconds(p.pid), 0);
	await sleep(2_000);
	const q0 = Number(await r.get(KEYS.requestsTotal)) || 0;
	const d0 = await dashboardProcess(server.url).catch(() => ({
		cpuS: NaN,
		rssMb: NaN,
		heapMb: NaN
	}));
	const r0 = await redisCpuSeconds(r);
	const s0 = simCpu();
	const { probes, elapsed } = await probe.write(WINDOW_S);
	const q1 = Number(await r.get(KEYS.requestsTotal)) || 0;
	const d1 = await dashboardProcess(server.url).catch(() => ({
		cpuS: NaN,
		rssMb: NaN,
		heapMb: NaN
	}));
	const r1 = await redisCpuSeconds(r);
	const s1 = simCpu();
	await sleep(2_000); // late probes still count as lag, not as lost
	for (const sim of sims) sim.kill('SIGTERM');
	probe.close();
	await writer.close();
	const l = stats(probe.lag);
	const achieved = Math.round((q1 - q0) / elapsed);
	return {
		rate,
		achievedRate: achieved,
		probes: `${probe.lag.length}/${probes}`,
		lag: l,
		dashboardCpuPct: Math.round(((d1.cpuS - d0.cpuS) / elapsed) * 100),
		redisCpuPct: Math.round(((r1 - r0) / elapsed) * 100),
		simulatorCpuPct: Math.round(((s1 - s0) / elapsed) * 100),
		// bounded: every probe arrived and the slowest within half a second
		keepsUp: probe.lag.length === probes && l.p99 < 500
	};
}

export async function runScale(
	redis: RedisProcess,
	clientCounts = [1, 100, 1000],
	rates = [2000, 4000, 8000, 12000]
): Promise<ScaleResult> {
	const r = createClient({ url: redis.url });
	await r.connect();
	try {
		const { cmdsPerRequest, cmdsPerPoll } = await calibrate(r, redis.url);
		console.log(
			`scale: ${cmdsPerRequest.toFixed(2)} Redis commands per simulated request, ${cmdsPerPoll} per poll`
		);
		const server = await startServerProcess({ REDIS_URL: redis.url, LOG_FILE: 'false' });
		const fanout: FanoutRow[] = [];
		const headroom: HeadroomRow[] = [];
		try {
			await sleep(2_000);
			for (const n of clientCounts) {
				const row = await fanoutRow(server, r, redis.url, n, cmdsPerRequest, cmdsPerPoll);
				fanout.push(row);
				console.log(
					`fan-out ${n} clients: dashboard ${row.dashboardCmdsPerS} cmds/s (polling ${row.pollingCmdsPerS}), delivered ${row.delivered}, gaps ${row.gaps}, CPU ${row.serverCpuPct}%, RSS ${row.serverRssMb} MB`
				);
			}
			for (const rate of rates) {
				const row = await headroomRow(server, r, redis.url, rate);
				headroom.push(row);
				console.log(
					`headroom ${rate}/s: achieved ${row.achievedRate}/s, lag p50 ${row.lag.p50} p99 ${row.lag.p99} ms, probes ${row.probes}, CPU dashboard ${row.dashboardCpuPct}% redis ${row.redisCpuPct}% simulator ${row.simulatorCpuPct}%`
				);
				if (!row.keepsUp) break;
			}
		} finally {
			await server.stop();
		}
		const top = headroom.at(-1);
		const best = [...headroom].reverse().find((h) => h.keepsUp);
		const limit = !top
			? 'not measured'
			: top.achievedRate < top.rate * 0.9
				? `the machine: at ${top.rate} requests/s the simulators reached ${top.achievedRate} (CPU ${top.simulatorCpuPct}%) next to the dashboard (${top.dashboardCpuPct}%) and Redis (${top.redisCpuPct}%) on 2 cores; ${top.keepsUp ? 'the dashboard still kept up' : `lag p99 ${top.lag.p99} ms`}`
				: top.keepsUp
					? `not reached at ${top.rate} requests/s`
					: `the dashboard process at ${top.rate} requests/s (CPU ${top.dashboardCpuPct}%, Redis ${top.redisCpuPct}%); highest rate that kept up: ${best?.achievedRate ?? 'none'}`;
		return {
			cmdsPerRequest: Math.round(cmdsPerRequest * 100) / 100,
			cmdsPerPoll,
			fanout,
			headroom,
			limit
		};
	} finally {
		await r.close();
	}
}
