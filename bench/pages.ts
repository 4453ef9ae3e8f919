// What a page costs its browser (issue 22): each page alone in Chromium while the simulator
// writes 1,000 req/s — the main thread's busy share of a core (CDP Performance.getMetrics
// TaskDuration over wall time; beside it the main thread's and the renderer process's CPU,
// ThreadTime and ProcessTime) — and then 8 Overview pages at once: write → DOM latency of
// probes (an LPUSH to helix:pii:incidents, seen by a MutationObserver on the incident count),
// from 3 s after the 8 have loaded (8 pages starting at once saturate both cores for seconds:
// that is start-up, not the steady state the target is about). Every row gives the server's
// event-loop delay p99 and CPU over its window; the 8 pages' row the whole machine's too.
// Target: ≤ 3% of a core per Overview page, ≤ 5% for any page; with 8 pages, DOM p99 ≤ 50 ms.
import type { Browser, Page } from 'playwright-core';
import { createClient } from 'redis';
import { launchChromium, whenLive } from '../tests/helpers/browser.ts';
import { startRedisServer } from '../scripts/lib/redis-server.ts';
import { startServerProcess } from '../scripts/lib/server-process.ts';
import { KEYS } from '../src/lib/shared/contract/keys.ts';
import { readFileSync } from 'node:fs';
import {
	dashboardProcess,
	domProbe,
	median,
	simulator,
	sleep,
	stats,
	writeProbes,
	type Stats
} from './lib.ts';
import { metricsLoop } from './users.ts';

const RATE = 1000;
export const PAGES = ['/', '/noc', '/cost', '/users', '/cache', '/requests'];

/** the server over a window: its event-loop delay p99 and CPU (share of a core) */
interface ServerLoad {
	loopP99Ms: number;
	serverCpuPct: number;
}

export interface PageRow extends ServerLoad {
	path: string;
	/** the main thread's tasks, wall time (TaskDuration): the yardstick */
	mainThreadPct: number;
	/** the main thread's CPU time (ThreadTime): the tasks less the time they waited for a core */
	mainThreadCpuPct: number;
	/** the whole renderer process's CPU (ProcessTime): compositor and raster threads too */
	rendererCpuPct: number;
}

export interface PagesBench {
	pages: PageRow[];
	eight: ServerLoad & { probes: number; dom: Stats; seen: string; machineBusyPct: number };
}

/** Starts a window on the server's load (resets its loop-delay histogram); call the result at its end. */
async function serverLoad(url: string): Promise<() => Promise<ServerLoad>> {
	await metricsLoop(url);
	const p0 = await dashboardProcess(url);
	const t0 = performance.now();
	return async () => {
		const loop = await metricsLoop(url);
		const p1 = await dashboardProcess(url);
		const s = (performance.now() - t0) / 1000;
		return { loopP99Ms: loop.p99, serverCpuPct: Math.round(((p1.cpuS - p0.cpuS) / s) * 100) };
	};
}

/** the whole machine's busy share (/proc/stat), from now to the call of the result */
function machineBusy(): () => number {
	const read = () => {
		const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
		const n = f.map(Number);
		return { idle: n[3]! + n[4]!, total: n.reduce((a, b) => a + b, 0) };
	};
	const a = read();
	return () => {
		const b = read();
		return Math.round(100 - (100 * (b.idle - a.idle)) / (b.total - a.total));
	};
}

async function open(browser: Browser, url: string): Promise<Page> {
	const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	await page.goto(url);
	// the NOC wall has no live badge: the layout's hydration mark is on every page
	if (new URL(url).pathname === '/noc') await page.locator('.shell[data-hydrated]').waitFor();
	else await whenLive(page);
	return page;
}

type PageLoad = Pick<PageRow, 'mainThreadPct' | 'mainThreadCpuPct' | 'rendererCpuPct'>;

/** A page's load over `seconds`, each figure as a share of a core (CDP Performance metrics,
 * all in seconds). TaskDuration is wall time: on a busy machine it includes the time a task
 * waited for a core, which ThreadTime leaves out. */
async function mainThread(page: Page, seconds: number): Promise<PageLoad> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	const read = async () => {
		const { metrics } = (await cdp.send('Performance.getMetrics')) as {
			metrics: { name: string; value: number }[];
		};
		const v = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
		return { task: v('TaskDuration'), thread: v('ThreadTime'), process: v('ProcessTime') };
	};
	const a = await read();
	const t0 = performance.now();
	await sleep(seconds * 1000);
	const b = await read();
	const s = (performance.now() - t0) / 1000;
	const pct = (k: keyof typeof a) => Math.round(((b[k] - a[k]) / s) * 1000) / 10;
	return {
		mainThreadPct: pct('task'),
		mainThreadCpuPct: pct('thread'),
		rendererCpuPct: pct('process')
	};
}

/** the median of each figure of several Stats */
function medianStats(xs: Stats[]): Stats {
	const m = (k: keyof Stats) => median(xs.map((x) => x[k]));
	return { n: m('n'), mean: m('mean'), p50: m('p50'), p95: m('p95'), p99: m('p99'), max: m('max') };
}

async function eightOverviews(
	browser: Browser,
	url: string,
	redisUrl: string,
	seconds: number,
	repeats: number
): Promise<PagesBench['eight']> {
	const pages = await Promise.all(Array.from({ length: 8 }, () => open(browser, url)));
	await sleep(3_000);
	const w = createClient({ url: redisUrl });
	await w.connect();
	const base = await w.lLen(KEYS.piiIncidents);
	const probes = await Promise.all(pages.map((p) => domProbe(p)));
	const writeAt = new Map<number, number>();
	let k = base;
	/** each window's probes (numbers from..to), the machine and the server meanwhile */
	const windows: (ServerLoad & { from: number; to: number; busy: number })[] = [];
	for (let rep = 0; rep < repeats; rep++) {
		const load = await serverLoad(new URL(url).origin);
		const busy = machineBusy();
		const from = k + 1;
		k = await writeProbes(
			w,
			writeAt,
			k,
			performance.now() + seconds * 1000,
			() => 150 + Math.random() * 100
		);
		windows.push({ from, to: k, busy: busy(), ...(await load()) });
	}
	await sleep(1_000);
	/** probe number → its write → DOM latency on each page that showed it */
	const lat = new Map<number, number[]>();
	for (const [i, p] of pages.entries()) {
		// a mutation showing count n closes every probe up to n not yet closed on this page
		let upTo = base;
		for (const [n, at] of await probes[i]!())
			for (; upTo < n; upTo++) {
				const wAt = writeAt.get(upTo + 1);
				if (wAt !== undefined) lat.set(upTo + 1, [...(lat.get(upTo + 1) ?? []), at - wAt]);
			}
		await p.close();
	}
	await w.close();
	const rows = windows.map((win) => {
		const xs: number[] = [];
		for (let n = win.from; n <= win.to; n++) xs.push(...(lat.get(n) ?? []));
		return { ...win, dom: stats(xs), seen: xs.length, probes: win.to - win.from + 1 };
	});
	for (const [i, r] of rows.entries())
		console.log(
			`[${i + 1}/${repeats}] 8 Overview pages: DOM p50 ${r.dom.p50} p99 ${r.dom.p99} ms (${r.seen}/${r.probes * 8}); server loop p99 ${r.loopP99Ms} ms, CPU ${r.serverCpuPct}%; machine ${r.busy}% busy`
		);
	const seen = rows.reduce((a, r) => a + r.seen, 0);
	return {
		probes: k - base,
		dom: medianStats(rows.map((r) => r.dom)),
		seen: `${seen}/${(k - base) * 8}`,
		machineBusyPct: median(rows.map((r) => r.busy)),
		loopP99Ms: median(rows.map((r) => r.loopP99Ms)),
		serverCpuPct: median(rows.map((r) => r.serverCpuPct))
	};
}

/** Each page alone, then 8 Overview pages; every figure the median of `repeats` windows of `seconds`. */
export async function runPages(seconds: number, repeats = 1): Promise<PagesBench> {
	const redis = await startRedisServer();
	const server = await startServerProcess({ REDIS_URL: redis.url, LOG_FILE: 'false' });
	const browser = await launchChromium();
	const sim = simulator(
		redis.url,
		RATE,
		Math.ceil((PAGES.length * (seconds * repeats + 8) + seconds * repeats + 60) * 1.2)
	);
	try {
		await sleep(3_000);
		const pages: PageRow[] = [];
		for (const path of PAGES) {
			const page = await open(browser, `${server.url}${path}`);
			await sleep(2_000);
			const reps: Omit<PageRow, 'path'>[] = [];
			for (let rep = 0; rep < repeats; rep++) {
				const load = await serverLoad(server.url);
				const pageLoad = await mainThread(page, seconds);
				reps.push({ ...pageLoad, ...(await load()) });
			}
			const r: PageRow = {
				path,
				mainThreadPct: median(reps.map((x) => x.mainThreadPct)),
				mainThreadCpuPct: median(reps.map((x) => x.mainThreadCpuPct)),
				rendererCpuPct: median(reps.map((x) => x.rendererCpuPct)),
				loopP99Ms: median(reps.map((x) => x.loopP99Ms)),
				serverCpuPct: median(reps.map((x) => x.serverCpuPct))
			};
			pages.push(r);
			console.log(
				`page ${path}: main thread ${r.mainThreadPct}% of a core (${reps.map((x) => x.mainThreadPct).join(', ')}), its CPU ${r.mainThreadCpuPct}%, the renderer's CPU ${r.rendererCpuPct}%; server loop p99 ${r.loopP99Ms} ms, CPU ${r.serverCpuPct}%`
			);
			await page.close();
		}
		const eight = await eightOverviews(browser, server.url, redis.url, seconds, repeats);
		console.log(
			`8 Overview pages (median of ${repeats}): DOM p50 ${eight.dom.p50} p99 ${eight.dom.p99} ms (${eight.seen}); server loop p99 ${eight.loopP99Ms} ms, CPU ${eight.serverCpuPct}%; machine ${eight.machineBusyPct}% busy`
		);
		return { pages, eight };
	} finally {
		sim.kill('SIGTERM');
		await browser.close();
		await server.stop();
		await redis.stop();
	}
}

export function pagesMarkdown(b: PagesBench | null): string[] {
	if (!b) return [];
	return [
		'',
		`## Pages at ${RATE} gateway req/s: the browser's main thread, each page alone in Chromium, medians of the repeats (targets: Overview ≤ 3% of a core, any page ≤ 5%)`,
		'',
		'| page | main thread: tasks, wall time (share of a core) | main thread: CPU | renderer process: CPU | server loop delay p99 | server CPU |',
		'|---|---|---|---|---|---|',
		...b.pages.map(
			(p) =>
				`| ${p.path} | ${p.mainThreadPct}% | ${p.mainThreadCpuPct}% | ${p.rendererCpuPct}% | ${p.loopP99Ms} ms | ${p.serverCpuPct}% |`
		),
		'',
		`8 Overview pages at once (medians of the repeats): write → DOM p50 ${b.eight.dom.p50} ms, p99 ${b.eight.dom.p99} ms, max ${b.eight.dom.max} ms (${b.eight.seen} probe sightings; target p99 ≤ 50 ms); server loop delay p99 ${b.eight.loopP99Ms} ms, CPU ${b.eight.serverCpuPct}%; the machine ${b.eight.machineBusyPct}% busy`
	];
}
