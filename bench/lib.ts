// Shared bench plumbing: statistics, the simulator as a separate process, Redis command and
// CPU counters (INFO), and the dashboard's own CPU/RSS (its /metrics).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { createClient } from 'redis';
import { io as ioClient, type Socket } from 'socket.io-client';
import { KEYS } from '../src/lib/shared/contract/keys.ts';
import type {
	ClientToServerEvents,
	ServerToClientEvents
} from '../src/lib/shared/protocol/events.ts';
import type { Delta } from '../src/lib/shared/protocol/rooms.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type Redis = ReturnType<typeof createClient>;

export interface Stats {
	n: number;
	mean: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

export function stats(xs: number[]): Stats {
	const s = [...xs].sort((a, b) => a - b);
	const q = (p: number) => s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
	const r = (v: number) => Math.round(v * 100) / 100;
	return {
		n: s.length,
		mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
		p50: r(q(50)),
		p95: r(q(95)),
		p99: r(q(99)),
		max: r(s.at(-1) ?? NaN)
	};
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** the median of the finite values (the mean of the middle two for an even count), NaN for none */
export function median(xs: number[]): number {
	const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
	if (!s.length) return NaN;
	const m = s.length >> 1;
	return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** epoch ms with sub-ms resolution, comparable with a browser's timeOrigin + now() */
export const epochNow = () => performance.timeOrigin + performance.now();

/**
 * Waits until a freshly started server has loaded `users` users completely; returns the ms
 * since `started`. Complete = the Users room counts them all AND the pipeline has no key left
 * to read (/api/health pipeline.pending 0). The room counts a user at its first key read: at
 * 200,000 users that came ~6 s (at 100% CPU) before the last user's requests key was read,
 * so a row that began at the count measured the end of the load as if it were traffic.
 */
export async function waitLoaded(
	url: string,
	users: number,
	started: number,
	limitMs: number,
	pollMs = 200
): Promise<number> {
	const get = async <T>(path: string): Promise<T> =>
		(await (await fetch(`${url}${path}`, { signal: AbortSignal.timeout(120_000) })).json()) as T;
	for (;;) {
		const snap = await get<{ state: { userCount: number } }>('/api/snapshot?room=users');
		if (snap.state.userCount >= users) {
			const h = await get<{ pipeline: { pending: number } }>('/api/health');
			if (h.pipeline.pending === 0) return Math.round(performance.now() - started);
		}
		if (performance.now() - started > limitMs)
			throw new Error(`${users} users not loaded within ${Math.round(limitMs / 1000)} s`);
		await sleep(pollMs);
	}
}

/** The traffic simulator in its own process (so its CPU is not the bench's). */
export function simulator(
	redisUrl: string,
	rate: number,
	seconds: number,
	cluster = false,
	/** users the simulator writes for (its default: 200) */
	users?: number
): ChildProcess {
	return spawn(
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
			String(seconds),
			...(users ? ['--users', String(users)] : [])
		],
		{
			env: { ...process.env, REDIS_URL: redisUrl, REDIS_CLUSTER: String(cluster) },
			stdio: 'ignore'
		}
	);
}

/** CPU seconds (user + system) a process has used, from /proc. */
export function procCpuSeconds(pid: number | undefined): number {
	if (!pid) return NaN;
	try {
		const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (100/s on Linux)
	} catch {
		return NaN;
	}
}

/** Total commands Redis has run, and by command. */
export async function commandStats(
	r: Redis
): Promise<{ total: number; by: Record<string, number> }> {
	const info = await r.info('commandstats');
	const by: Record<string, number> = {};
	let total = 0;
	for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
		by[m[1]!] = Number(m[2]);
		total += Number(m[2]);
	}
	return { total, by };
}

export async function redisCpuSeconds(r: Redis): Promise<number> {
	const info = await r.info('cpu');
	const v = (k: string) => Number(new RegExp(`^${k}:(\\S+)`, 'm').exec(info)?.[1] ?? NaN);
	return v('used_cpu_user') + v('used_cpu_sys');
}

/** The dashboard's CPU seconds, RSS and heap from its own /metrics. */
export async function dashboardProcess(
	url: string
): Promise<{ cpuS: number; rssMb: number; heapMb: number }> {
	// a dashboard drowning in notifications may not answer: that is a result, not a hang
	const text = await (
		await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) })
	).text();
	const v = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
	return {
		cpuS: v('helix_dashboard_process_cpu_seconds_total'),
		rssMb: v('helix_dashboard_process_resident_memory_bytes') / 1e6,
		heapMb: v('helix_dashboard_nodejs_heap_size_used_bytes') / 1e6
	};
}

/**
 * The highest RSS of a process on this machine, read from /proc every 250 ms until stop():
 * an RSS read at the end of a window misses the peak just before a major GC (at 200,000
 * users the heap swings by several hundred MB between them).
 */
export function rssPeak(pid: number): { stop: () => number } {
	let peak = 0;
	const read = () => {
		try {
			const kb = Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
			if (kb * 1024 > peak) peak = kb * 1024;
		} catch {
			// the process is gone: the peak so far stands
		}
	};
	read();
	const timer = setInterval(read, 250);
	return {
		stop: () => {
			clearInterval(timer);
			read();
			return peak / 1e6;
		}
	};
}

/** `n` socket.io clients joined to the Overview room; `onDelta(i, delta, epoch ms)` per delta received. */
export async function connectOverviewClients(
	url: string,
	n: number,
	onDelta: (i: number, d: Delta, at: number) => void
): Promise<ClientSocket[]> {
	const sockets: ClientSocket[] = [];
	for (let i = 0; i < n; i++) {
		const s: ClientSocket = ioClient(url, {
			transports: ['websocket'],
			forceNew: true,
			reconnection: false
		});
		s.on('delta', (d) => d.room === 'overview' && onDelta(i, d, epochNow()));
		sockets.push(s);
		if (i % 100 === 99) await sleep(50); // do not open 1,000 handshakes in one tick
	}
	await Promise.all(
		sockets.map(async (s) => {
			for (let t = 0; !s.connected; t++) {
				if (t > 3000) throw new Error('a bench client did not connect');
				await sleep(10);
			}
			const r = await s.timeout(30_000).emitWithAck('join', 'overview');
			if (!r.ok) throw new Error(r.msg);
		})
	);
	return sockets;
}

/**
 * The bench's probe: one PII incident LPUSHed to helix:pii:incidents every `gapMs()` until
 * `until` (performance.now()), each numbered after `k` with its write time in `writeAt` (the
 * load runs with no incidents, so the count a delta or the DOM shows names the probe).
 * Returns the last probe's number.
 */
export async function writeProbes(
	writer: { lPush(k: string, v: string): Promise<number> },
	writeAt: Map<number, number>,
	k: number,
	until: number,
	gapMs: () => number
): Promise<number> {
	while (performance.now() < until) {
		k++;
		writeAt.set(k, epochNow());
		await writer.lPush(
			KEYS.piiIncidents,
			JSON.stringify({ user_id: 'bench', action: 'probe', timestamp: new Date().toISOString() })
		);
		await sleep(gapMs());
	}
	return k;
}

export interface LagProbe {
	/** write → socket lag of every probe that arrived, ms */
	lag: number[];
	/** writes a probe every 100–200 ms for `seconds`; returns how many and over how long */
	write(seconds: number): Promise<{ probes: number; elapsed: number }>;
	close(): void;
}

/**
 * Probes timed from the write to the Overview socket: each one LPUSHes helix:pii:incidents,
 * and the delta carrying the new count closes it. Late probes still count as lag, not as lost.
 */
export async function startLagProbe(
	serverUrl: string,
	writer: { lLen(k: string): Promise<number>; lPush(k: string, v: string): Promise<number> }
): Promise<LagProbe> {
	const base = await writer.lLen(KEYS.piiIncidents);
	const writeAt = new Map<number, number>();
	const lag: number[] = [];
	let seenUpTo = base;
	let k = base;
	const [sock] = await connectOverviewClients(serverUrl, 1, (_i, d, at) => {
		const n = (d.changes as { piiIncidents?: number }).piiIncidents;
		if (n === undefined) return;
		for (let p = seenUpTo + 1; p <= n; p++) {
			const w = writeAt.get(p);
			if (w !== undefined) lag.push(at - w);
		}
		seenUpTo = Math.max(seenUpTo, n);
	});
	return {
		lag,
		async write(seconds) {
			const t0 = performance.now();
			const first = k;
			k = await writeProbes(
				writer,
				writeAt,
				k,
				t0 + seconds * 1000,
				() => 100 + Math.random() * 100
			);
			return { probes: k - first, elapsed: (performance.now() - t0) / 1000 };
		},
		close: () => void sock!.disconnect()
	};
}

/**
 * Every client's received seqs against the window all of them were counting in (they start
 * and stop counting at slightly different points of the stream): inside it, each must hold
 * every seq exactly once. `cut`: clients disconnected (each misses the whole window).
 */
export function countDeliveries(
	seqs: number[][],
	cut: number
): { expected: number; got: number; gaps: number } {
	const first = Math.max(...seqs.map((s) => s[0] ?? Infinity));
	const last = Math.min(...seqs.map((s) => s.at(-1) ?? -Infinity));
	const expected = Number.isFinite(first) && last >= first ? last - first + 1 : 0;
	let gaps = cut * expected;
	let got = 0;
	for (const s of seqs) {
		const inWindow = s.filter((x) => x >= first && x <= last);
		got += inWindow.length;
		gaps += Math.abs(expected - inWindow.length) + (inWindow.length - new Set(inWindow).size);
	}
	return { expected, got, gaps };
}

/** Watches the Overview's incident count in the page; returns [count, epoch ms] pairs. */
export async function domProbe(page: Page): Promise<() => Promise<[number, number][]>> {
	await page.evaluate(() => {
		const w = window as unknown as { __probes: [number, number][] };
		w.__probes = [];
		const el = document.querySelector('[data-testid=pii-count]')!;
		new MutationObserver(() => {
			const n = Number((el.textContent ?? '').replace(/\D/g, ''));
			if (n) w.__probes.push([n, performance.timeOrigin + performance.now()]);
		}).observe(el, { subtree: true, childList: true, characterData: true });
	});
	return () =>
		page.evaluate(() => (window as unknown as { __probes: [number, number][] }).__probes);
}
