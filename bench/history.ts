// History figures (issue 17), each on its own fresh redis-server:
// - Redis memory of 30 days of rollups at 1,000 req/s, 50 models, 10,000 users in 20 teams.
//   Running 2.6 billion requests through the writer is not possible here, so every bucket
//   the writer would keep is built with its own record type and encoder (10,000 latencies
//   per 10 s bucket from a log-normal around 300 ms, gauges every 10 s) and written under
//   its keys; the size does not depend on the count of requests, only on the buckets.
// - Redis commands/s the writer itself sends at 1,000 and 5,000 req/s (its client counted
//   call by call; the gateway's XADDs are not in it), and the events it consumed.
// - A 30-day and a 90-day query through a dashboard process: median time of 5 and bytes.
// - Catch-up after downtime: 300,000 entries waiting, events/s until the cursor reaches them.
import pino from 'pino';
import { createClient } from 'redis';
import { startRedisServer } from '../scripts/lib/redis-server.ts';
import { startServerProcess } from '../scripts/lib/server-process.ts';
import {
	fieldOf,
	modelSeries,
	recordKey,
	teamSeries,
	TOTAL
} from '../src/lib/server/history/keys.ts';
import {
	addGauge,
	emptyRecord,
	encodeRecord,
	type Gauge
} from '../src/lib/server/history/record.ts';
import { LatencySketch } from '../src/lib/server/history/sketch.ts';
import { bucketOf, chunkOf, makeTiers } from '../src/lib/server/history/tiers.ts';
import { HistoryWriter } from '../src/lib/server/history/writer.ts';
import { Store } from '../src/lib/server/pipeline/store.ts';
import type { RedisClient } from '../src/lib/server/redis/client.ts';
import type { Lease } from '../src/lib/server/redis/lease.ts';
import { KEYS } from '../src/lib/shared/contract/keys.ts';
import { sleep, stats } from './lib.ts';

const D = 86_400_000;
const MODELS = 50;
const TEAMS = 20;

export interface HistoryBench {
	memory30dMb: number;
	records30d: number;
	writer: { rate: number; achievedRate: number; cmdsPerS: number; eventsPerS: number }[];
	queries: { range: string; metric: string; medianMs: number; bytes: number; points: number }[];
	catchUp: { events: number; seconds: number; eventsPerS: number };
}

/** a deterministic log-normal around `median` ms */
function latencies(n: number, median: number, seed: number): number[] {
	let s = seed >>> 0;
	const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) + 1) / 2 ** 32;
	return Array.from(
		{ length: n },
		() => median * Math.exp(0.8 * Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r()))
	);
}

async function usedMemory(c: ReturnType<typeof createClient>): Promise<number> {
	const info = await c.info('memory');
	return Number(/used_memory:(\d+)/.exec(info)![1]);
}

/** Writes every bucket the writer keeps for `days` of history ending now; returns the count. */
async function fill(c: ReturnType<typeof createClient>, days: number, hourOnly = false) {
	const tiers = makeTiers();
	const now = Date.now();
	const lat = latencies(10_000, 300, 7);
	const sketches = new Map<number, LatencySketch>();
	const sketchOf = (n: number) => {
		let sk = sketches.get(n);
		if (!sk) {
			sk = new LatencySketch();
			for (const v of lat) sk.add(v, n / lat.length);
			for (const [k, c] of sk.bins) sk.bins.set(k, Math.max(1, Math.round(c))); // counts are whole
			sketches.set(n, sk);
		}
		return sk;
	};
	let records = 0;
	let pipe = c.multi();
	let queued = 0;
	const flush = async () => {
		if (queued) await pipe.execAsPipeline();
		pipe = c.multi();
		queued = 0;
	};
	for (const tier of tiers) {
		if (hourOnly && tier.name !== '1h') continue;
		const span = Math.min(days * D, tier.retentionMs);
		const perBucket = 1_000 * (tier.ms / 1_000); // requests per bucket at 1,000 req/s
		const series = [TOTAL];
		if (tier.bySeries) {
			for (let m = 0; m < MODELS; m++) series.push(modelSeries(`model-${m}`));
			for (let t = 0; t < TEAMS; t++) series.push(teamSeries(`team-${t}`));
		}
		for (let b = bucketOf(now - span, tier, 'UTC'); b < now; b += tier.ms) {
			for (const sid of series) {
				const share = sid === TOTAL ? 1 : sid.startsWith('m:') ? 1 / MODELS : 1 / TEAMS;
				const n = Math.max(1, Math.round(perBucket * share));
				const rec = emptyRecord();
				rec.r = n;
				rec.x = Math.round(n * 0.3);
				rec.s = Math.round(n * 0.15);
				rec.m = n - rec.x - rec.s;
				rec.ti = n * 420;
				rec.to = n * 180;
				rec.usd = n * 0.0021;
				rec.sav = n * 0.0007;
				// a bucket's sketch: 10,000 latencies weighted up to n (built once per size: the
				// stored size depends on the bins the distribution fills, not on which bucket)
				rec.lat = sketchOf(n);
				if (sid === TOTAL) {
					const samples = Math.max(1, Math.round(tier.ms / 10_000));
					for (const g of ['cpu', 'mem', 'rmem', 'rops', 'lag'] as Gauge[])
						for (let i = 0; i < Math.min(samples, 6); i++)
							addGauge(rec, g, g === 'rmem' ? 2e8 + i : 10 + i);
				}
				pipe.hSet(recordKey(tier.name, sid, chunkOf(b, tier)), fieldOf(b), encodeRecord(rec));
				records++;
				if (++queued >= 2_000) await flush();
			}
		}
	}
	await flush();
	return records;
}

/** counts the writer's calls to Redis: every method call is one command (EVAL included) */
function counted(client: RedisClient): { client: RedisClient; calls: () => number } {
	let n = 0;
	const proxy = new Proxy(client, {
		get(target, prop, recv) {
			const v = Reflect.get(target, prop, recv) as unknown;
			if (typeof v !== 'function') return v;
			return (...args: unknown[]) => {
				n++;
				return (v as (...a: unknown[]) => unknown).apply(target, args);
			};
		}
	});
	return { client: proxy as RedisClient, calls: () => n };
}

function writerOn(client: RedisClient): HistoryWriter {
	return new HistoryWriter({
		client,
		isConnected: () => true,
		lease: { isLeader: true } as Lease,
		store: new Store(),
		tiers: makeTiers(),
		zone: 'UTC',
		clock: { now: () => Date.now() },
		log: pino({ level: 'silent' }),
		system: { sample: async () => [], close: () => {} }
	});
}

async function writerCost(rate: number, seconds: number) {
	const redis = await startRedisServer();
	const gw = createClient({ url: redis.url });
	const wc = createClient({ url: redis.url });
	await Promise.all([gw.connect(), wc.connect()]);
	try {
		const { client, calls } = counted(wc as unknown as RedisClient);
		const w = writerOn(client);
		await w.round(); // nothing yet: the state
		w.start();
		const start = Date.now();
		const before = calls();
		let sent = 0;
		let i = 0;
		while (Date.now() - start < seconds * 1000) {
			const due = Math.floor(((Date.now() - start) / 1000) * rate) - sent;
			if (due > 0) {
				const p = gw.multi();
				for (let k = 0; k < due; k++, i++)
					p.xAdd(KEYS.events, '*', {
						model: `model-${i % MODELS}`,
						user: `user-${i % 10_000}`,
						team: `team-${i % TEAMS}`,
						outcome: i % 3 ? 'miss' : 'exact',
						latency_ms: String(50 + (i % 900)),
						cost_usd: '0.002'
					});
				await p.execAsPipeline();
				sent += due;
			}
			await sleep(20);
		}
		const elapsed = (Date.now() - start) / 1000;
		const cmds = calls() - before;
		await sleep(1_500);
		w.stop();
		return {
			rate,
			achievedRate: Math.round(sent / elapsed),
			cmdsPerS: Math.round((cmds / elapsed) * 10) / 10,
			eventsPerS: Math.round(w.stats.events / elapsed)
		};
	} finally {
		await Promise.all([gw.close(), wc.close()]);
		await redis.stop();
	}
}

async function catchUp(n: number) {
	const redis = await startRedisServer();
	const c = createClient({ url: redis.url });
	await c.connect();
	try {
		const t0 = Date.now() - 60 * 60_000;
		for (let i = 0; i < n; i += 5_000) {
			const p = c.multi();
			for (let k = i; k < Math.min(n, i + 5_000); k++)
				p.xAdd(KEYS.events, `${t0 + Math.floor((k * 3_600_000) / n)}-${k}`, {
					model: `model-${k % MODELS}`,
					team: `team-${k % TEAMS}`,
					outcome: k % 3 ? 'miss' : 'exact',
					latency_ms: String(50 + (k % 900)),
					cost_usd: '0.002'
				});
			await p.execAsPipeline();
		}
		const w = writerOn(c as unknown as RedisClient);
		const start = performance.now();
		w.start();
		while (w.stats.events < n) await sleep(50);
		const seconds = (performance.now() - start) / 1000;
		w.stop();
		return {
			events: n,
			seconds: Math.round(seconds * 100) / 100,
			eventsPerS: Math.round(n / seconds)
		};
	} finally {
		await c.close();
		await redis.stop();
	}
}

export async function runHistory(seconds: number): Promise<HistoryBench> {
	// memory and queries
	const redis = await startRedisServer();
	const c = createClient({ url: redis.url });
	await c.connect();
	let memory30dMb = 0;
	let records30d = 0;
	const queries: HistoryBench['queries'] = [];
	try {
		const base = await usedMemory(c);
		records30d = await fill(c, 30);
		memory30dMb = Math.round(((await usedMemory(c)) - base) / 1e5) / 10;
		// coverage over the whole time, as a writer that ran throughout leaves it
		await c.hSet('helix-dashboard:{history}:state', {
			version: '1',
			coverage: JSON.stringify([[Date.now() - 91 * D, Date.now()]])
		});
		await fill(c, 90, true); // the hour tier reaches 90 days for the long query
		const server = await startServerProcess({ REDIS_URL: redis.url, LOG_FILE: 'false' });
		try {
			for (const [range, days] of [
				['30 days', 30],
				['90 days', 90]
			] as const)
				for (const metric of ['requests', 'latency_p95_ms']) {
					const times: number[] = [];
					let bytes = 0;
					let points = 0;
					for (let i = 0; i < 6; i++) {
						const to = Date.now();
						const t = performance.now();
						const res = await fetch(
							`${server.url}/api/history?metric=${metric}&from=${to - days * D}&to=${to}`
						);
						const body = await res.text();
						if (i > 0) times.push(performance.now() - t); // the first warms the process
						bytes = body.length;
						points = (JSON.parse(body) as { points: unknown[] }).points.length;
					}
					queries.push({ range, metric, medianMs: stats(times).p50, bytes, points });
				}
		} finally {
			await server.stop();
		}
	} finally {
		await c.close();
		await redis.stop();
	}
	const writer = [];
	for (const rate of [1_000, 5_000]) writer.push(await writerCost(rate, seconds));
	return { memory30dMb, records30d, writer, queries, catchUp: await catchUp(300_000) };
}

export function historyMarkdown(h: HistoryBench): string[] {
	return [
		'',
		'## History rollups',
		'',
		`Redis memory for 30 days at 1,000 req/s, ${MODELS} models, 10,000 users in ${TEAMS} teams: **${h.memory30dMb} MB** (${h.records30d.toLocaleString('en-US')} bucket records)`,
		'',
		'| gateway req/s (achieved) | writer Redis commands/s | events consumed/s |',
		'|---|---|---|',
		...h.writer.map((w) => `| ${w.rate} (${w.achievedRate}) | ${w.cmdsPerS} | ${w.eventsPerS} |`),
		'',
		'| query | metric | median time (HTTP, loopback) | bytes | points |',
		'|---|---|---|---|---|',
		...h.queries.map(
			(q) =>
				`| ${q.range} | ${q.metric} | ${q.medianMs} ms | ${q.bytes.toLocaleString('en-US')} | ${q.points} |`
		),
		'',
		`Catch-up after downtime: ${h.catchUp.events.toLocaleString('en-US')} waiting entries in ${h.catchUp.seconds} s = **${h.catchUp.eventsPerS.toLocaleString('en-US')} events/s**`
	];
}
