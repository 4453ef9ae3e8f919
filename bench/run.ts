// npm run bench [-- --seconds 15 --repeats 3 --max-users 1000000 --only latency|scale|client|exports|soak|large|hardening|history|explore|users|sockets|pages]
// End-to-end latency from a Redis write to the delta at socket.io-client and to the DOM of
// the Overview in Chromium, at 100, 1,000 and 5,000 gateway requests/s (load from a separate
// simulator process), with 1 and 100 clients — measured side by side with a reader that
// polls the same keys every 5 s (the original design); medians over repeats. Then Redis cost
// and fan-out with 1/100/1,000 clients, headroom, client weight, exports, a soak of the NOC
// wall and the large data set. Writes bench/results/latest.json and latest.md.
//
// The probe: the load runs with no PII incidents, and the bench LPUSHes one incident per
// probe, so the Overview's incident count names the probe that a delta (or the DOM) carries.
import { spawn } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../tests/helpers/browser.ts';
import { runClientWeight, type ClientWeight } from './client.ts';
import {
	connectOverviewClients,
	domProbe,
	epochNow,
	median,
	sleep,
	stats,
	writeProbes,
	type Stats
} from './lib.ts';
import { runScale, type ScaleResult } from './scale.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createClient } from 'redis';
import { numberFlag } from '../scripts/lib/args.ts';
import { ensureBuild } from '../scripts/lib/ensure-build.ts';
import { startRedisServer } from '../scripts/lib/redis-server.ts';
import { startServerProcess } from '../scripts/lib/server-process.ts';
import { runExports, type ExportBench } from './exports.ts';
import { hardeningMarkdown, runHardening, type HardeningResult } from './hardening.ts';
import { historyMarkdown, runHistory, type HistoryBench } from './history.ts';
import { runLarge, type LargeResult } from './large.ts';
import { exploreMarkdown, runExplore, type ExploreBench } from './explore.ts';
import { runSoak, type SoakResult } from './soak.ts';
import { runUsers, usersMarkdown, type UsersRow } from './users.ts';
import { runSockets, socketsMarkdown, type SocketsRow } from './sockets.ts';
import { pagesMarkdown, runPages, type PagesBench } from './pages.ts';
import { runClusterBench, type ClusterRow } from './cluster.ts';
import { KEYS } from '../src/lib/shared/contract/keys.ts';

const SECONDS = numberFlag(process.argv.slice(2), 'seconds', 15, 5, 600);
/** the NOC soak, one hour by default; 0 skips it (longer: -- --soak-minutes 240) */
const SOAK_MINUTES = numberFlag(process.argv.slice(2), 'soak-minutes', 60, 0, 24 * 60);
const ONLY = (() => {
	const i = process.argv.indexOf('--only');
	return i === -1 ? null : process.argv[i + 1];
})();
const REPEATS = numberFlag(process.argv.slice(2), 'repeats', 3, 1, 20);
/** the many-users rows up to this size (200,000 and 1,000,000) */
const MAX_USERS = numberFlag(process.argv.slice(2), 'max-users', 1_000_000, 1, 1_000_000);
const RATES = [100, 1000, 5000];
const CLIENTS = [1, 100];
const POLL_MS = 5_000;
const PROBES_PER_S = 5;

interface RunResult {
	rate: number;
	achievedRate: number;
	clients: number;
	probes: number;
	push: Stats;
	/** write → the Overview's DOM in Chromium (a MutationObserver on the incident count) */
	dom: Stats;
	/** deliveries expected (probes × clients) vs seen */
	delivered: string;
	poll: Stats;
	ratioMean: number;
	ratioP50: number;
}

async function run(
	dashUrl: string,
	redisUrl: string,
	rate: number,
	clients: number,
	page: Page
): Promise<RunResult> {
	const writer = createClient({ url: redisUrl });
	await writer.connect();
	const base = await writer.lLen(KEYS.piiIncidents);
	const writeAt = new Map<number, number>();
	const push: number[] = [];
	const seenBy = new Map<number, number>();
	const sockets = await connectOverviewClients(dashUrl, clients, (_i, d, at) => {
		const k = (d.changes as { piiIncidents?: number }).piiIncidents;
		if (k === undefined) return;
		// a delta carries the latest count: every probe up to it has now arrived
		for (let p = k; p > base; p--) {
			const w = writeAt.get(p);
			if (w === undefined) continue;
			const c = seenBy.get(p) ?? 0;
			if (c >= clients) break;
			seenBy.set(p, c + 1);
			push.push(at - w);
		}
	});

	await page.reload();
	await page.getByTestId('link-status').filter({ hasText: 'live' }).waitFor();
	const domSeen = await domProbe(page);
	const sim = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			'scripts/simulate.ts',
			'--rate',
			String(rate),
			'--pii-rate',
			'0',
			'--duration',
			String(SECONDS + 4)
		],
		{
			env: { ...process.env, REDIS_URL: redisUrl },
			stdio: ['ignore', 'pipe', 'inherit']
		}
	);
	let simOut = '';
	sim.stdout!.on('data', (b: Buffer) => (simOut += b.toString()));
	await sleep(2_000); // let the load settle
	const totalBefore = Number(await writer.get(KEYS.requestsTotal)) || 0;
	const t0 = performance.now();

	// polling reader: what the original dashboard did, every 5 s per browser session
	const poller = createClient({ url: redisUrl });
	await poller.connect();
	const poll: number[] = [];
	let polledUpTo = base;
	const pollOnce = async () => {
		const [, , len] = await Promise.all([
			poller.get(KEYS.requestsTotal),
			poller.get(KEYS.cacheHits),
			poller.lLen(KEYS.piiIncidents),
			poller.zRangeWithScores(KEYS.spendTotal, 0, -1)
		]);
		const at = epochNow();
		for (let p = polledUpTo + 1; p <= len; p++) {
			const w = writeAt.get(p);
			if (w !== undefined) poll.push(at - w);
		}
		polledUpTo = Math.max(polledUpTo, len);
	};
	const pollTimer = setInterval(() => void pollOnce(), POLL_MS);

	const k = await writeProbes(
		writer,
		writeAt,
		base,
		t0 + SECONDS * 1000,
		() => (1000 / PROBES_PER_S) * (0.5 + Math.random())
	);
	const elapsed = (performance.now() - t0) / 1000;
	const totalAfter = Number(await writer.get(KEYS.requestsTotal)) || 0;
	await sleep(POLL_MS + 500); // the last probes reach the poller's next read
	clearInterval(pollTimer);
	await pollOnce();
	sim.kill('SIGTERM');
	for (const s of sockets) s.disconnect();
	await poller.close();
	await writer.close();

	const probes = k - base;
	const dom: number[] = [];
	let domUpTo = base;
	for (const [n, at] of await domSeen()) {
		for (let p = domUpTo + 1; p <= n; p++) {
			const w = writeAt.get(p);
			if (w !== undefined) dom.push(at - w);
		}
		domUpTo = Math.max(domUpTo, n);
	}
	const p = stats(push);
	const q = stats(poll);
	return {
		rate,
		achievedRate: Math.round((totalAfter - totalBefore) / elapsed),
		clients,
		probes,
		push: p,
		dom: stats(dom),
		delivered: `${push.length}/${probes * clients}`,
		poll: q,
		ratioMean: Math.round(q.mean / p.mean),
		ratioP50: Math.round(q.p50 / p.p50)
	};
}

/** Sections that fail are reported in the results; the others still run and are written. */
const failures: string[] = [];
async function section<T>(name: string, fn: () => Promise<T>): Promise<T | null> {
	try {
		return await fn();
	} catch (err) {
		const msg = `${name} failed: ${(err as Error).message.split('\n')[0]}`;
		console.error(`bench: ${msg}`);
		failures.push(msg);
		return null;
	}
}

/** One row from several repeats: the median of each figure; deliveries summed. */
function medianRow(rs: RunResult[]): RunResult & { repeats: number } {
	const m = (f: (r: RunResult) => number) => Math.round(median(rs.map(f)) * 100) / 100;
	const st = (f: (r: RunResult) => Stats): Stats => ({
		n: rs.reduce((a, r) => a + f(r).n, 0),
		mean: m((r) => f(r).mean),
		p50: m((r) => f(r).p50),
		p95: m((r) => f(r).p95),
		p99: m((r) => f(r).p99),
		max: Math.max(...rs.map((r) => f(r).max))
	});
	const [got, want] = rs
		.map((r) => r.delivered.split('/').map(Number))
		.reduce(([a, b], [c, d]) => [a! + c!, b! + d!], [0, 0]);
	return {
		rate: rs[0]!.rate,
		achievedRate: m((r) => r.achievedRate),
		clients: rs[0]!.clients,
		probes: rs.reduce((a, r) => a + r.probes, 0),
		push: st((r) => r.push),
		dom: st((r) => r.dom),
		delivered: `${got}/${want}`,
		poll: st((r) => r.poll),
		ratioMean: m((r) => r.ratioMean),
		ratioP50: m((r) => r.ratioP50),
		repeats: rs.length
	};
}

async function main(): Promise<void> {
	if (!ensureBuild('bench')) throw new Error('the build failed');
	const redis = await startRedisServer();
	const server = await startServerProcess({ REDIS_URL: redis.url });
	console.log(`bench: dashboard ${server.url}, redis ${redis.url}, ${SECONDS} s per run`);
	const results: (RunResult & { repeats: number })[] = [];
	let scale: ScaleResult | null = null;
	let client: ClientWeight | null = null;
	let browser: Browser | null = null;
	let large: LargeResult | null = null;
	let exportsBench: ExportBench[] = [];
	let soak: SoakResult | null = null;
	let cluster: ClusterRow[] = [];
	let hardening: HardeningResult | null = null;
	let history: HistoryBench | null = null;
	let explore: ExploreBench | null = null;
	let users: UsersRow[] = [];
	let sockets: SocketsRow | null = null;
	let pages: PagesBench | null = null;
	try {
		browser = await launchChromium();
		if (!ONLY || ONLY === 'latency') {
			const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
			await page.goto(server.url);
			const runs = new Map<string, RunResult[]>();
			for (let rep = 1; rep <= REPEATS; rep++) {
				for (const rate of RATES) {
					for (const clients of CLIENTS) {
						const r = await run(server.url, redis.url, rate, clients, page);
						runs.set(`${rate}/${clients}`, [...(runs.get(`${rate}/${clients}`) ?? []), r]);
						console.log(
							`[${rep}/${REPEATS}] rate ${rate}/s (achieved ${r.achievedRate}), ${clients} client(s): socket p50 ${r.push.p50} p99 ${r.push.p99} ms; DOM p50 ${r.dom.p50} p99 ${r.dom.p99} ms; poll mean ${r.poll.mean} ms; ratio ${r.ratioMean}× (delivered ${r.delivered})`
						);
					}
				}
			}
			for (const rs of runs.values()) results.push(medianRow(rs));
			await page.close();
		}
		if (!ONLY || ONLY === 'client') {
			client = await section('client weight', () => runClientWeight(browser!, server.url));
			if (client)
				console.log(
					`client: ${client.scripts} scripts, ${client.jsBytes} B (${client.jsGzipBytes} B gzipped); first paint p50 ${client.firstPaintMs.p50} ms, first live number p50 ${client.firstLiveMs.p50} ms`
				);
		}
		await server.stop();
		if (!ONLY || ONLY === 'scale') {
			console.log('bench: Redis cost, fan-out and headroom…');
			scale = await section('scale', () => runScale(redis));
		}
		if (!ONLY || ONLY === 'exports') {
			console.log('bench: exports of 100,000 rows…');
			exportsBench = (await section('exports', () => runExports(redis))) ?? [];
			for (const e of exportsBench)
				console.log(
					`export ${e.format}: ${e.rows} rows in ${e.seconds} s, ${e.bytes} bytes, server RSS ${e.rssBeforeMb} → peak ${e.rssPeakMb} MB`
				);
		}
		if (!ONLY || ONLY === 'cluster') {
			console.log('bench: one Redis against a 3-master Redis Cluster…');
			cluster = (await section('cluster', () => runClusterBench())) ?? [];
		}
		if ((!ONLY || ONLY === 'soak') && SOAK_MINUTES > 0) {
			console.log(`bench: NOC soak for ${SOAK_MINUTES} min…`);
			soak = await section('soak', () => runSoak(redis, SOAK_MINUTES));
		}
		if (!ONLY || ONLY === 'hardening') {
			console.log(
				'bench: hardening (redaction, long 404s, join flood, hostile spans, hung Redis)…'
			);
			hardening = await section('hardening', () => runHardening());
			if (hardening) console.log(hardeningMarkdown(hardening).join('\n'));
		}
		if (!ONLY || ONLY === 'history') {
			console.log('bench: history (30 days of rollups, writer cost, long queries, catch-up)…');
			history = await section('history', () => runHistory(SECONDS));
			if (history) console.log(historyMarkdown(history).join('\n'));
		}
		if (!ONLY || ONLY === 'explore') {
			console.log(
				'bench: the request tail at 1,000 and 5,000 req/s, entity pages with 10,000 users…'
			);
			explore = await section('explore', () => runExplore(SECONDS));
		}
		if (!ONLY || ONLY === 'users') {
			console.log('bench: 200,000 and 1,000,000 users with Cost and Users open at 1,000 req/s…');
			users =
				(await section('many users', () =>
					runUsers(
						SECONDS,
						REPEATS,
						[200_000, 1_000_000].filter((n) => n <= MAX_USERS)
					)
				)) ?? [];
			console.log(usersMarkdown(users).join('\n'));
		}
		if (!ONLY || ONLY === 'pages') {
			console.log("bench: each page's main thread at 1,000 req/s, 8 Overview pages…");
			pages = await section('pages', () => runPages(SECONDS, REPEATS));
		}
		if (!ONLY || ONLY === 'sockets') {
			console.log('bench: 10,000 sockets on one process…');
			sockets = await section('10,000 sockets', () => runSockets(10_000, SECONDS));
			console.log(socketsMarkdown(sockets).join('\n'));
		}
		if (!ONLY || ONLY === 'large') {
			console.log('bench: large data set (10,000 users × 400 days, 50 models)…');
			large = await section('large data set', () => runLarge(redis));
			if (large)
				console.log(
					`large: first complete snapshot ${large.firstSnapshotMs} ms, join cost ${large.joinCostMs} ms, join users ${large.joinUsersMs} ms, ${large.redisCommands} Redis commands`
				);
		}
	} finally {
		await browser?.close();
		await server.stop();
		await redis.stop();
	}

	const md = [
		`# npm run bench — ${new Date().toISOString()}`,
		'',
		...(failures.length ? ['**Failed sections:** ' + failures.join('; '), ''] : []),
		`Write → socket.io-client receipt and → the Overview's DOM in Chromium (ms), medians over ${REPEATS} repeat(s) of ${SECONDS} s, ${PROBES_PER_S} probes/s; load from a separate simulator process. Poll = a reader re-reading the same keys every ${POLL_MS / 1000} s, run at the same time. The browser page is one more client.`,
		'',
		'| gateway req/s (achieved) | clients | probes | socket p50 | socket p95 | socket p99 | DOM p50 | DOM p95 | DOM p99 | delivered | poll mean | mean staleness ratio (poll/push) |',
		'|---|---|---|---|---|---|---|---|---|---|---|---|',
		...results.map(
			(r) =>
				`| ${r.rate} (${r.achievedRate}) | ${r.clients} | ${r.probes} | ${r.push.p50} | ${r.push.p95} | ${r.push.p99} | ${r.dom.p50} | ${r.dom.p95} | ${r.dom.p99} | ${r.delivered} | ${r.poll.mean} | ${r.ratioMean}× |`
		),
		...(scale
			? [
					'',
					`## Redis cost and fan-out at 1,000 gateway req/s (median of three 10 s windows; ${scale.cmdsPerRequest} Redis commands per simulated request, subtracted; a poll is ${scale.cmdsPerPoll} commands every 5 s per session)`,
					'',
					'| clients | dashboard Redis cmds/s | 5 s polling cmds/s | overview deltas per client | delivered | gaps | server CPU | server RSS |',
					'|---|---|---|---|---|---|---|---|',
					...scale.fanout.map(
						(f) =>
							`| ${f.clients} | ${f.dashboardCmdsPerS} | ${f.pollingCmdsPerS} | ${f.deltasPerClient} | ${f.delivered} | ${f.gaps} | ${f.serverCpuPct}% | ${f.serverRssMb} MB |`
					),
					'',
					'## Headroom: write → socket lag as the gateway rate rises (1 client)',
					'',
					'| target req/s | achieved | probes | lag p50 | lag p99 | dashboard CPU | Redis CPU | simulator CPU | keeps up |',
					'|---|---|---|---|---|---|---|---|---|',
					...scale.headroom.map(
						(h) =>
							`| ${h.rate} | ${h.achievedRate} | ${h.probes} | ${h.lag.p50} ms | ${h.lag.p99} ms | ${h.dashboardCpuPct}% | ${h.redisCpuPct}% | ${h.simulatorCpuPct}% | ${h.keepsUp ? 'yes' : 'no'} |`
					),
					'',
					`Limit: ${scale.limit}.`
				]
			: []),
		...(client
			? [
					'',
					'## Client weight (Overview, cold load)',
					'',
					'| scripts | JS as served | JS gzipped | first contentful paint p50 | first live number p50 (p95) |',
					'|---|---|---|---|---|',
					`| ${client.scripts} | ${Math.round(client.jsBytes / 1024)} KB | ${Math.round(client.jsGzipBytes / 1024)} KB | ${client.firstPaintMs.p50} ms | ${client.firstLiveMs.p50} ms (${client.firstLiveMs.p95} ms) |`
				]
			: []),
		...(large
			? [
					'',
					`## Large data set: ${large.users.toLocaleString('en-US')} users, ${large.models} models, ${large.days} days (seeded in ${large.seedSeconds} s)`,
					'',
					'| server start → complete snapshot | join cost room | join users room | Redis commands issued to load | by command |',
					'|---|---|---|---|---|',
					`| ${large.firstSnapshotMs} ms | ${large.joinCostMs} ms | ${large.joinUsersMs} ms | ${large.redisCommands.toLocaleString('en-US')} | ${Object.entries(
						large.commandsByType
					)
						.map(([k, v]) => `${k} ${v}`)
						.join(', ')} |`
				]
			: []),
		...(soak
			? [
					'',
					`## Soak: NOC wall in Chromium, ${soak.minutes} min at ${soak.rate} req/s (${soak.samples} samples, slope after a 1-minute warm-up)`,
					'',
					'| memory | first | last | slope |',
					'|---|---|---|---|',
					`| browser JS heap (after GC) | ${soak.browserHeapMb.first} MB | ${soak.browserHeapMb.last} MB | ${soak.browserHeapMb.slopeMbPerHour} MB/h |`,
					`| server heap | ${soak.serverHeapMb.first} MB | ${soak.serverHeapMb.last} MB | ${soak.serverHeapMb.slopeMbPerHour} MB/h |`,
					`| server RSS | ${soak.serverRssMb.first} MB | ${soak.serverRssMb.last} MB | ${soak.serverRssMb.slopeMbPerHour} MB/h |`
				]
			: []),
		...(exportsBench.length
			? [
					'',
					`## Exports: ${exportsBench[0]!.rows.toLocaleString('en-US')} rows (spend per user and day)`,
					'',
					'| format | seconds | bytes | server RSS before | server RSS peak |',
					'|---|---|---|---|---|',
					...exportsBench.map(
						(e) =>
							`| ${e.format} | ${e.seconds} | ${e.bytes.toLocaleString('en-US')} | ${e.rssBeforeMb} MB | ${e.rssPeakMb} MB |`
					)
				]
			: []),
		...(cluster.length
			? [
					'',
					'## One Redis against a 3-master Redis Cluster (same machine, same rate, 10 s window; probes are writes to helix:pii:incidents timed to the socket)',
					'',
					'| setup | req/s (achieved) | commands/s per node, busiest first | CPU per node | dashboard CPU | probes | lag p50 | lag p99 |',
					'|---|---|---|---|---|---|---|---|',
					...cluster.map(
						(c) =>
							`| ${c.setup} | ${c.rate} (${c.achievedRate}) | ${c.nodeCmdsPerS.join(' / ')} | ${c.nodeCpuPct.map((p) => `${p}%`).join(' / ')} | ${c.dashboardCpuPct}% | ${c.probes} | ${c.lag.p50} ms | ${c.lag.p99} ms |`
					)
				]
			: []),
		...(hardening ? hardeningMarkdown(hardening) : []),
		...(history ? historyMarkdown(history) : []),
		...(explore ? exploreMarkdown(explore) : []),
		...usersMarkdown(users),
		...socketsMarkdown(sockets),
		...pagesMarkdown(pages)
	].join('\n');
	mkdirSync('bench/results', { recursive: true });
	writeFileSync(
		'bench/results/latest.json',
		JSON.stringify(
			{
				at: new Date().toISOString(),
				seconds: SECONDS,
				repeats: REPEATS,
				failures,
				results,
				scale,
				client,
				large,
				exports: exportsBench,
				soak,
				cluster,
				hardening,
				history,
				explore,
				users,
				sockets,
				pages
			},
			null,
			2
		)
	);
	writeFileSync('bench/results/latest.md', md + '\n');
	console.log(`\n${md}\n\nwritten to bench/results/latest.json and latest.md`);
}

main().catch((err: unknown) => {
	console.error(`bench failed: ${(err as Error).stack ?? String(err)}`);
	process.exit(1);
});
