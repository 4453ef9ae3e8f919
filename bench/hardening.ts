// Hardening figures (issue 19), each against the production server as its own process:
// - redaction time for the worst 64 KB inputs we know (median of REPEATS calls each);
// - /api/health latency while an anonymous client sends five 10 KB-path (a.a.a…) 404s a second;
// - server RSS while one socket sends 5,000 joins of the Users room without waiting;
// - server RSS after 51 per-user spend sets dated 0001-01-01 … 9999-12-31 are read;
// - the time from SIGSTOP on redis-server to /api/health saying "degraded".
// Run it on a checkout before a change and after, and put the two tables side by side.
import { createClient } from 'redis';
import { io as ioClient } from 'socket.io-client';
import { startRedisServer, type RedisProcess } from '../scripts/lib/redis-server.ts';
import { startServerProcess, type ServerProcess } from '../scripts/lib/server-process.ts';
import { spendUserKey } from '../src/lib/shared/contract/keys.ts';
import { redact } from '../src/lib/server/security/pii/redact.ts';
import { sleep, stats, type Stats } from './lib.ts';

const SIZE = 64 * 1024;
const REPEATS = 5;
/** how long the degraded probe waits before it calls it "never" */
const DEGRADED_CAP_MS = 30_000;

export interface HardeningResult {
	redact: { input: string; ms: number }[];
	health404: Stats;
	healthQuiet: Stats;
	joinFlood: { rssBeforeMb: number; rssPeakMb: number; snapshots: number; refusals: number };
	hostileSpans: { rssBeforeMb: number; rssAfterMb: number; healthMs: number };
	/** null: not degraded within DEGRADED_CAP_MS */
	degradedMs: number | null;
}

const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

/** The inputs that cost the old patterns most (nested quantifiers, long runs of one class). */
export const WORST_INPUTS: Record<string, string> = {
	'e-mail-like (a@b.c…)': fill('a@b.c'),
	'dotted local part (a.a.a…)': fill('a.'),
	'digits and spaces (1 1 1…)': fill('1 '),
	'digits only': fill('7'),
	'plus and digits (+1+1…)': fill('+1'),
	'one letter': fill('a'),
	'IBAN-like (DE89 3704…)': fill('DE89 3704 '),
	'key=value runs': fill('password=x '),
	'PEM header then base64': `-----BEGIN PRIVATE KEY-----\n${fill('A')}`,
	'base64 run': fill('aB3/'),
	'mixed PII': fill('mail bob@example.com card 4111 1111 1111 1111 ssn 078-05-1120 +14155550101 ')
};

function timeRedaction(): { input: string; ms: number }[] {
	return Object.entries(WORST_INPUTS).map(([input, text]) => {
		const times: number[] = [];
		for (let i = 0; i < REPEATS; i++) {
			const t = performance.now();
			redact(text);
			times.push(performance.now() - t);
		}
		return { input, ms: stats(times).p50 };
	});
}

async function rssMb(url: string): Promise<number> {
	const text = await (await fetch(`${url}/metrics`)).text();
	const m = /helix_dashboard_process_resident_memory_bytes (\d+)/.exec(text);
	return m ? Math.round(Number(m[1]) / 1e6) : NaN;
}

async function healthLatency(
	url: string,
	ms: number,
	during?: () => Promise<void>
): Promise<Stats> {
	const times: number[] = [];
	let on = true;
	const load = during
		? (async () => {
				while (on) await during();
			})()
		: Promise.resolve();
	const end = performance.now() + ms;
	while (performance.now() < end) {
		const t = performance.now();
		await (await fetch(`${url}/api/health`)).text();
		times.push(performance.now() - t);
		await sleep(100);
	}
	on = false;
	await load;
	return stats(times);
}

async function longPaths(url: string): Promise<[Stats, Stats]> {
	const quiet = await healthLatency(url, 5_000);
	const path = `/${'a.'.repeat(5_000)}`; // 10 KB: the shape the old e-mail pattern was quadratic on
	const loud = await healthLatency(url, 10_000, async () => {
		// five a second
		const t = performance.now();
		await (await fetch(`${url}${path}`)).text();
		await sleep(Math.max(0, 200 - (performance.now() - t)));
	});
	return [quiet, loud];
}

async function joinFlood(url: string, redis: RedisProcess): Promise<HardeningResult['joinFlood']> {
	const w = createClient({ url: redis.url });
	await w.connect();
	const today = new Date().toISOString().slice(0, 10);
	for (let u = 0; u < 1_000; u += 100)
		await Promise.all(
			Array.from({ length: 100 }, (_, k) =>
				w.zAdd(spendUserKey(`flood-user-${u + k}`), { value: today, score: 1 + k })
			)
		);
	await w.close();
	await sleep(3_000);
	const rssBeforeMb = await rssMb(url);
	let peak = rssBeforeMb;
	let polling = true;
	const poll = (async () => {
		while (polling) {
			peak = Math.max(peak, await rssMb(url).catch(() => peak));
			await sleep(50);
		}
	})();
	const s = ioClient(url, { transports: ['websocket'], reconnection: false });
	await new Promise<void>((r) => s.once('connect', () => r()));
	let snapshots = 0;
	let refusals = 0;
	for (let i = 0; i < 5_000; i++)
		s.emit('join', 'users', (r: { ok: boolean }) => (r.ok ? snapshots++ : refusals++));
	await sleep(8_000);
	s.close();
	polling = false;
	await poll;
	return { rssBeforeMb, rssPeakMb: peak, snapshots, refusals };
}

async function hostileSpans(
	url: string,
	redis: RedisProcess
): Promise<HardeningResult['hostileSpans']> {
	const rssBeforeMb = await rssMb(url);
	const w = createClient({ url: redis.url });
	await w.connect();
	for (let i = 0; i < 51; i++)
		await w.zAdd(spendUserKey(`span-${i}`), [
			{ value: '0001-01-01', score: 1 },
			{ value: '9999-12-31', score: 1 }
		]);
	await w.close();
	await sleep(3_000);
	for (const room of ['users', 'cost'])
		await (await fetch(`${url}/api/snapshot?room=${room}`)).text();
	const t = performance.now();
	await (await fetch(`${url}/api/health`)).text();
	const healthMs = Math.round(performance.now() - t);
	await sleep(1_000);
	return { rssBeforeMb, rssAfterMb: await rssMb(url), healthMs };
}

async function timeToDegraded(): Promise<number | null> {
	const redis = await startRedisServer();
	const server = await startServerProcess({ REDIS_URL: redis.url, LOG_FILE: 'false' });
	try {
		await sleep(2_000);
		const stopped = performance.now();
		redis.proc.kill('SIGSTOP');
		while (performance.now() - stopped < DEGRADED_CAP_MS) {
			const h = (await (await fetch(`${server.url}/api/health`)).json()) as { status: string };
			if (h.status === 'degraded') return Math.round(performance.now() - stopped);
			await sleep(100);
		}
		return null;
	} finally {
		redis.proc.kill('SIGCONT');
		await server.stop();
		await redis.stop();
	}
}

export async function runHardening(): Promise<HardeningResult> {
	const redactRows = timeRedaction();
	const redis = await startRedisServer();
	let server: ServerProcess | null = null;
	try {
		server = await startServerProcess({ REDIS_URL: redis.url, LOG_FILE: 'false' });
		const [healthQuiet, health404] = await longPaths(server.url);
		const flood = await joinFlood(server.url, redis);
		await server.stop();
		// a fresh server for the spans: the flood's memory is not theirs
		const w = createClient({ url: redis.url });
		await w.connect();
		await w.flushAll();
		await w.close();
		server = await startServerProcess({ REDIS_URL: redis.url, LOG_FILE: 'false' });
		await sleep(2_000);
		const spans = await hostileSpans(server.url, redis);
		await server.stop();
		server = null;
		const degradedMs = await timeToDegraded();
		return {
			redact: redactRows,
			healthQuiet,
			health404,
			joinFlood: flood,
			hostileSpans: spans,
			degradedMs
		};
	} finally {
		await server?.stop();
		await redis.stop();
	}
}

export function hardeningMarkdown(r: HardeningResult): string[] {
	const worst = r.redact.reduce((a, b) => (b.ms > a.ms ? b : a));
	return [
		'',
		'## Hardening (issue 19)',
		'',
		`Redaction of 64 KB inputs (median of ${REPEATS} calls each; the worst: ${worst.input}, ${worst.ms} ms):`,
		'',
		'| input | ms |',
		'|---|---|',
		...r.redact.map((x) => `| ${x.input} | ${x.ms} |`),
		'',
		'| figure | value |',
		'|---|---|',
		`| /api/health, quiet: p50 / p99 / max | ${r.healthQuiet.p50} / ${r.healthQuiet.p99} / ${r.healthQuiet.max} ms |`,
		`| /api/health under five 10 KB-path (a.a.a…) 404s a second: p50 / p99 / max | ${r.health404.p50} / ${r.health404.p99} / ${r.health404.max} ms |`,
		`| join flood (5,000 joins of Users on one socket): RSS before → peak | ${r.joinFlood.rssBeforeMb} → ${r.joinFlood.rssPeakMb} MB (${r.joinFlood.snapshots} snapshots answered, ${r.joinFlood.refusals} refusals) |`,
		`| 51 spend sets dated 0001-01-01 … 9999-12-31: RSS before → after | ${r.hostileSpans.rssBeforeMb} → ${r.hostileSpans.rssAfterMb} MB (/api/health ${r.hostileSpans.healthMs} ms) |`,
		`| SIGSTOP on Redis → /api/health "degraded" | ${r.degradedMs === null ? `not within ${DEGRADED_CAP_MS / 1000} s` : `${r.degradedMs} ms`} |`
	];
}
