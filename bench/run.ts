// npm run bench [-- --seconds 15]
// End-to-end latency from a Redis write to the delta at socket.io-client, at 100 and 1,000
// gateway requests/s (load from a separate simulator process), with 1 and 100 clients —
// measured side by side with a reader that polls the same keys every 5 s (the original
// design). Writes bench/results/latest.json and latest.md.
//
// The probe: the load runs with no PII incidents, and the bench LPUSHes one incident per
// probe, so the Overview's incident count names the probe that a delta carries.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createClient } from 'redis';
import { io as ioClient, type Socket } from 'socket.io-client';
import { numberFlag } from '../scripts/lib/args.ts';
import { ensureBuild } from '../scripts/lib/ensure-build.ts';
import { startRedisServer } from '../scripts/lib/redis-server.ts';
import { startServerProcess } from '../scripts/lib/server-process.ts';
import { runExports, type ExportBench } from './exports.ts';
import { runLarge, type LargeResult } from './large.ts';
import { runSoak, type SoakResult } from './soak.ts';
import { KEYS } from '../src/lib/shared/contract.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../src/lib/shared/events.ts';
import type { Delta } from '../src/lib/shared/types.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const SECONDS = numberFlag(process.argv.slice(2), 'seconds', 15, 5, 600);
/** the NOC soak; 0 skips it (hours: -- --soak-minutes 240) */
const SOAK_MINUTES = numberFlag(process.argv.slice(2), 'soak-minutes', 10, 0, 24 * 60);
const ONLY = (() => {
	const i = process.argv.indexOf('--only');
	return i === -1 ? null : process.argv[i + 1];
})();
const RATES = [100, 1000];
const CLIENTS = [1, 100];
const POLL_MS = 5_000;
const PROBES_PER_S = 5;

interface Stats {
	n: number;
	mean: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

function stats(xs: number[]): Stats {
	const s = [...xs].sort((a, b) => a - b);
	const q = (p: number) => s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
	const r = (v: number) => Math.round(v * 100) / 100;
	return { n: s.length, mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)), p50: r(q(50)), p95: r(q(95)), p99: r(q(99)), max: r(s.at(-1) ?? NaN) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function connectClients(url: string, n: number, onDelta: (d: Delta, at: number) => void): Promise<ClientSocket[]> {
	const sockets: ClientSocket[] = [];
	for (let i = 0; i < n; i++) {
		const s: ClientSocket = ioClient(url, { transports: ['websocket'], forceNew: true });
		s.on('delta', (d) => onDelta(d, performance.now()));
		sockets.push(s);
	}
	await Promise.all(
		sockets.map(async (s) => {
			while (!s.connected) await sleep(10);
			const reply = await s.timeout(10_000).emitWithAck('join', 'overview');
			if (!reply.ok) throw new Error(reply.msg);
		})
	);
	return sockets;
}

interface RunResult {
	rate: number;
	achievedRate: number;
	clients: number;
	probes: number;
	push: Stats;
	/** deliveries expected (probes × clients) vs seen */
	delivered: string;
	poll: Stats;
	ratioMean: number;
	ratioP50: number;
}

async function run(dashUrl: string, redisUrl: string, rate: number, clients: number): Promise<RunResult> {
	const writer = createClient({ url: redisUrl });
	await writer.connect();
	const base = await writer.lLen(KEYS.piiIncidents);
	const writeAt = new Map<number, number>();
	const push: number[] = [];
	const seenBy = new Map<number, number>();
	const sockets = await connectClients(dashUrl, clients, (d, at) => {
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

	const sim = spawn(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', '--rate', String(rate), '--pii-rate', '0', '--duration', String(SECONDS + 4)], {
		env: { ...process.env, REDIS_URL: redisUrl },
		stdio: ['ignore', 'pipe', 'inherit']
	});
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
		const [, , len] = await Promise.all([poller.get(KEYS.requestsTotal), poller.get(KEYS.cacheHits), poller.lLen(KEYS.piiIncidents), poller.zRangeWithScores(KEYS.spendTotal, 0, -1)]);
		const at = performance.now();
		for (let p = polledUpTo + 1; p <= len; p++) {
			const w = writeAt.get(p);
			if (w !== undefined) poll.push(at - w);
		}
		polledUpTo = Math.max(polledUpTo, len);
	};
	const pollTimer = setInterval(() => void pollOnce(), POLL_MS);

	let k = base;
	while (performance.now() - t0 < SECONDS * 1000) {
		k++;
		writeAt.set(k, performance.now());
		await writer.lPush(KEYS.piiIncidents, JSON.stringify({ user_id: 'bench', action: 'probe', timestamp: new Date().toISOString() }));
		await sleep(1000 / PROBES_PER_S * (0.5 + Math.random()));
	}
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
	const p = stats(push);
	const q = stats(poll);
	return {
		rate,
		achievedRate: Math.round((totalAfter - totalBefore) / elapsed),
		clients,
		probes,
		push: p,
		delivered: `${push.length}/${probes * clients}`,
		poll: q,
		ratioMean: Math.round(q.mean / p.mean),
		ratioP50: Math.round(q.p50 / p.p50)
	};
}

async function main(): Promise<void> {
	if (!ensureBuild('bench')) throw new Error('the build failed');
	const redis = await startRedisServer();
	const server = await startServerProcess({ REDIS_URL: redis.url });
	console.log(`bench: dashboard ${server.url}, redis ${redis.url}, ${SECONDS} s per run`);
	const results: RunResult[] = [];
	let large: LargeResult | null = null;
	let exportsBench: ExportBench[] = [];
	let soak: SoakResult | null = null;
	try {
		if (!ONLY || ONLY === 'latency') for (const rate of RATES) {
			for (const clients of CLIENTS) {
				const r = await run(server.url, redis.url, rate, clients);
				results.push(r);
				console.log(
					`rate ${rate}/s (achieved ${r.achievedRate}), ${clients} client(s): push p50 ${r.push.p50} ms p95 ${r.push.p95} ms p99 ${r.push.p99} ms; poll mean ${r.poll.mean} ms; ratio ${r.ratioMean}× (delivered ${r.delivered})`
				);
			}
		}
		await server.stop();
		if (!ONLY || ONLY === 'exports') {
			console.log('bench: exports of 100,000 rows…');
			exportsBench = await runExports(redis);
			for (const e of exportsBench) console.log(`export ${e.format}: ${e.rows} rows in ${e.seconds} s, ${e.bytes} bytes, server RSS ${e.rssBeforeMb} → peak ${e.rssPeakMb} MB`);
		}
		if ((!ONLY || ONLY === 'soak') && SOAK_MINUTES > 0) {
			console.log(`bench: NOC soak for ${SOAK_MINUTES} min…`);
			soak = await runSoak(redis, SOAK_MINUTES);
		}
		if (!ONLY || ONLY === 'large') {
			console.log('bench: large data set (10,000 users × 400 days, 50 models)…');
			large = await runLarge(redis);
			console.log(`large: first complete snapshot ${large.firstSnapshotMs} ms, join cost ${large.joinCostMs} ms, join users ${large.joinUsersMs} ms, ${large.redisCommands} Redis commands`);
		}
	} finally {
		await server.stop();
		await redis.stop();
	}

	const md = [
		`# npm run bench — ${new Date().toISOString()}`,
		'',
		`Write → socket.io-client receipt (ms), ${SECONDS} s per row, ${PROBES_PER_S} probes/s; load from a separate simulator process. Poll = a reader re-reading the same keys every ${POLL_MS / 1000} s, run at the same time.`,
		'',
		'| gateway req/s (achieved) | clients | probes | push p50 | push p95 | push p99 | delivered | poll mean | poll p50 | mean staleness ratio (poll/push) |',
		'|---|---|---|---|---|---|---|---|---|---|',
		...results.map(
			(r) =>
				`| ${r.rate} (${r.achievedRate}) | ${r.clients} | ${r.probes} | ${r.push.p50} | ${r.push.p95} | ${r.push.p99} | ${r.delivered} | ${r.poll.mean} | ${r.poll.p50} | ${r.ratioMean}× |`
		),
		...(large
			? [
					'',
					`## Large data set: ${large.users.toLocaleString('en-US')} users, ${large.models} models, ${large.days} days (seeded in ${large.seedSeconds} s)`,
					'',
					'| server start → complete snapshot | join cost room | join users room | Redis commands issued to load | by command |',
					'|---|---|---|---|---|',
					`| ${large.firstSnapshotMs} ms | ${large.joinCostMs} ms | ${large.joinUsersMs} ms | ${large.redisCommands.toLocaleString('en-US')} | ${Object.entries(large.commandsByType).map(([k, v]) => `${k} ${v}`).join(', ')} |`
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
					...exportsBench.map((e) => `| ${e.format} | ${e.seconds} | ${e.bytes.toLocaleString('en-US')} | ${e.rssBeforeMb} MB | ${e.rssPeakMb} MB |`)
				]
			: [])
	].join('\n');
	mkdirSync('bench/results', { recursive: true });
	writeFileSync('bench/results/latest.json', JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, results, large, exports: exportsBench, soak }, null, 2));
	writeFileSync('bench/results/latest.md', md + '\n');
	console.log(`\n${md}\n\nwritten to bench/results/latest.json and latest.md`);
}

main().catch((err: unknown) => {
	console.error(`bench failed: ${(err as Error).stack ?? String(err)}`);
	process.exit(1);
});
