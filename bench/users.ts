// Many users (issue 22): 200,000 and 1,000,000 seeded users (a spend and a requests key each,
// one helix:user:team entry), then one dashboard process with the Cost and Users pages open
// in Chromium while the simulator writes 1,000 req/s over the same users. Per row: server
// start → loaded (the Users room counts every user and no key is left to read), room joins,
// the Users page's search (200 queries at once over 4 sockets), /api/health latency probed
// every 20 ms, the server's event-loop delay p99 and max (monitorEventLoopDelay via
// prom-client, over the window), server CPU and RSS.
// Medians over repeats of the load window.
import { fork } from 'node:child_process';
import { createClient } from 'redis';
import { io as ioClient } from 'socket.io-client';
import type { Browser } from 'playwright-core';
import { launchChromium, whenLive } from '../tests/helpers/browser.ts';
import { startRedisServer } from '../scripts/lib/redis-server.ts';
import { startServerProcess, type ServerProcess } from '../scripts/lib/server-process.ts';
import { KEYS, requestsUserKey, spendUserKey } from '../src/lib/shared/contract/keys.ts';
import { dateInZone } from '../src/lib/shared/time.ts';
import { makeUsers } from '../src/lib/recorder/simulator.ts';
import {
	dashboardProcess,
	median,
	rssPeak,
	simulator,
	sleep,
	stats,
	type ClientSocket,
	type Stats,
	waitLoaded
} from './lib.ts';

const RATE = 1000;
const DAYS = 30;

export interface UsersRow {
	users: number;
	seedS: number;
	loadMs: number;
	joinCostMs: number;
	joinUsersMs: number;
	search: Stats;
	searchHealthMaxMs: number;
	achievedRate: number;
	health: Stats;
	loopP99Ms: number;
	loopMaxMs: number;
	serverCpuPct: number;
	serverRssMb: number;
}

export async function seed(url: string, n: number): Promise<number> {
	const c = createClient({ url });
	await c.connect();
	await c.flushAll();
	const t0 = performance.now();
	const now = Date.now();
	const dates = Array.from({ length: DAYS }, (_, i) => dateInZone(now - i * 86_400_000, 'UTC'));
	const users = makeUsers(n);
	for (let i = 0; i < n; i += 2_000) {
		const m = c.multi();
		const teams: Record<string, string> = {};
		for (const u of users.slice(i, i + 2_000)) {
			const k = Number(u.id.slice(1));
			// a few active days each, spread over the month
			const days = dates.filter((_, d) => (d + k) % 6 === 0);
			m.zAdd(
				spendUserKey(u.id),
				days.map((d) => ({ value: d, score: 0.01 * (1 + (k % 17)) }))
			);
			m.zAdd(
				requestsUserKey(u.id),
				days.map((d) => ({ value: d, score: 1 + (k % 5) }))
			);
			teams[u.id] = u.team;
		}
		m.hSet(KEYS.userTeams, teams);
		await m.exec();
	}
	await c.close();
	return (performance.now() - t0) / 1000;
}

/** The server's event-loop delay p99 and max since the last call (prom-client resets it on each scrape). */
export async function metricsLoop(url: string): Promise<{ p99: number; max: number }> {
	const text = await (
		await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(30_000) })
	).text();
	const v = (name: string) =>
		Number(new RegExp(`^helix_dashboard_${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) * 1000;
	const r = (x: number) => Math.round(x * 10) / 10;
	return {
		p99: r(v('nodejs_eventloop_lag_p99_seconds')),
		max: r(v('nodejs_eventloop_lag_max_seconds'))
	};
}

/** a probe in a process of its own: the bench's own loop (10,000 clients) must not be timed */
const PROBE = `
const url = process.argv[1]; const lat = []; let on = true;
process.on('message', () => { on = false; });
(async () => {
	while (on) {
		const t = performance.now();
		try { await (await fetch(url, { signal: AbortSignal.timeout(30000) })).arrayBuffer(); } catch {}
		lat.push(performance.now() - t);
		await new Promise((r) => setTimeout(r, 20));
	}
	process.send(lat, () => process.exit(0));
})();`;

/** GET /api/health every 20 ms, from a child process, until stopped; the latencies (ms). */
export function healthProbe(url: string): { stop: () => Promise<number[]> } {
	const child = fork('-e', [PROBE, `${url}/api/health`], {
		execArgv: [],
		stdio: 'ignore'
	} as never);
	const done = new Promise<number[]>((resolve) =>
		child.once('message', (m) => resolve(m as number[]))
	);
	return {
		stop: async () => {
			child.send('stop');
			return done;
		}
	};
}

async function socket(url: string): Promise<ClientSocket> {
	const s: ClientSocket = ioClient(url, { transports: ['websocket'], forceNew: true });
	await new Promise<void>((r) => s.once('connect', () => r()));
	return s;
}

async function timeJoin(url: string, room: 'cost' | 'users'): Promise<number> {
	const s = await socket(url);
	const t = performance.now();
	const reply = await s.timeout(120_000).emitWithAck('join', room);
	const ms = performance.now() - t;
	s.disconnect();
	if (!reply.ok) throw new Error(reply.msg);
	return ms;
}

async function searchBurst(url: string): Promise<{ lat: Stats; healthMax: number }> {
	const socks = await Promise.all([1, 2, 3, 4].map(() => socket(url)));
	const probe = healthProbe(url);
	const lat: number[] = [];
	await Promise.all(
		Array.from({ length: 200 }, async (_, i) => {
			const t = performance.now();
			await socks[i % 4]!.timeout(60_000).emitWithAck('users:search', {
				query: `u${(i * 37) % 100}`,
				days: 30
			});
			lat.push(performance.now() - t);
		})
	);
	const health = await probe.stop();
	for (const s of socks) s.disconnect();
	return { lat: stats(lat), healthMax: Math.round(Math.max(...health)) };
}

async function window(server: ServerProcess, redisUrl: string, n: number, seconds: number) {
	const sim = simulator(redisUrl, RATE, seconds + 3, false, n);
	await sleep(2_000);
	const c = createClient({ url: redisUrl });
	await c.connect();
	const q0 = Number(await c.get(KEYS.requestsTotal)) || 0;
	await metricsLoop(server.url); // resets the loop-delay histogram
	const p0 = await dashboardProcess(server.url);
	const t0 = performance.now();
	const probe = healthProbe(server.url);
	const rss = rssPeak(server.proc.pid!);
	await sleep(seconds * 1000);
	const health = await probe.stop();
	const rssMb = rss.stop();
	const loop = await metricsLoop(server.url);
	const p1 = await dashboardProcess(server.url);
	const elapsed = (performance.now() - t0) / 1000;
	const q1 = Number(await c.get(KEYS.requestsTotal)) || 0;
	sim.kill('SIGTERM');
	await c.close();
	await sleep(1_500);
	return {
		achievedRate: Math.round((q1 - q0) / elapsed),
		health: stats(health),
		loop,
		cpuPct: Math.round(((p1.cpuS - p0.cpuS) / elapsed) * 100),
		/** the peak over the window, not its end */
		rssMb: Math.round(Math.max(rssMb, p1.rssMb))
	};
}

async function row(
	browser: Browser,
	n: number,
	seconds: number,
	repeats: number
): Promise<UsersRow> {
	const redis = await startRedisServer();
	try {
		const seedS = await seed(redis.url, n);
		const started = performance.now();
		const server = await startServerProcess({
			REDIS_URL: redis.url,
			LOG_FILE: 'false',
			ENTITY_RECONCILE_INTERVAL: '3600'
		});
		try {
			const loadMs = await waitLoaded(server.url, n, started, 600_000);
			// joins of rooms nobody watched yet: each derives on the join
			const joinCostMs = Math.round(await timeJoin(server.url, 'cost'));
			const joinUsersMs = Math.round(await timeJoin(server.url, 'users'));
			const search = await searchBurst(server.url);
			const pages = await Promise.all(
				['/cost', '/users'].map(async (path) => {
					const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
					await page.goto(`${server.url}${path}`, { timeout: 120_000 });
					await whenLive(page);
					return page;
				})
			);
			const runs = [];
			for (let i = 0; i < repeats; i++) {
				const w = await window(server, redis.url, n, seconds);
				console.log(
					`users ${n}: [${i + 1}/${repeats}] ${w.achievedRate} req/s, health p50 ${w.health.p50} p99 ${w.health.p99} ms, loop p99 ${w.loop.p99} ms, CPU ${w.cpuPct}%, RSS ${w.rssMb} MB`
				);
				runs.push(w);
			}
			for (const p of pages) await p.close();
			const mid = runs.slice().sort((a, b) => a.health.p99 - b.health.p99)[
				Math.floor(runs.length / 2)
			]!;
			return {
				users: n,
				seedS: Math.round(seedS),
				loadMs,
				joinCostMs,
				joinUsersMs,
				search: search.lat,
				searchHealthMaxMs: search.healthMax,
				achievedRate: median(runs.map((r) => r.achievedRate)),
				health: mid.health,
				loopP99Ms: median(runs.map((r) => r.loop.p99)),
				loopMaxMs: median(runs.map((r) => r.loop.max)),
				serverCpuPct: median(runs.map((r) => r.cpuPct)),
				serverRssMb: Math.max(...runs.map((r) => r.rssMb))
			};
		} finally {
			await server.stop();
		}
	} finally {
		await redis.stop();
	}
}

export async function runUsers(
	seconds: number,
	repeats: number,
	sizes = [200_000, 1_000_000]
): Promise<UsersRow[]> {
	const browser = await launchChromium();
	try {
		const out: UsersRow[] = [];
		for (const n of sizes) out.push(await row(browser, n, seconds, repeats));
		return out;
	} finally {
		await browser.close();
	}
}

export function usersMarkdown(rows: UsersRow[]): string[] {
	if (!rows.length) return [];
	return [
		'',
		`## Many users: Cost and Users open in Chromium, ${RATE} gateway req/s over the same users (median of repeats; targets: join ≤ 200 ms, loop delay p99 ≤ 20 ms, health p99 ≤ 50 ms, RSS ≤ 1 GB; RSS is the peak over the windows, read every 250 ms)`,
		'',
		'| users | seeded in | start → loaded (every key read) | join cost | join users | 200 searches p50 / p99 (health max meanwhile) | req/s | health p50 / p99 / max | loop delay p99 / max | server CPU | server RSS |',
		'|---|---|---|---|---|---|---|---|---|---|---|',
		...rows.map(
			(r) =>
				`| ${r.users.toLocaleString('en-US')} | ${r.seedS} s | ${r.loadMs} ms | ${r.joinCostMs} ms | ${r.joinUsersMs} ms | ${r.search.p50} / ${r.search.p99} ms (${r.searchHealthMaxMs} ms) | ${r.achievedRate} | ${r.health.p50} / ${r.health.p99} / ${r.health.max} ms | ${r.loopP99Ms} / ${r.loopMaxMs} ms | ${r.serverCpuPct}% | ${r.serverRssMb} MB |`
		)
	];
}
