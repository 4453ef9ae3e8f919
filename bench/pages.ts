// What a page costs its browser (issue 22): each page alone in Chromium while the simulator
// writes 1,000 req/s — the main thread's busy share of a core (CDP Performance.getMetrics
// TaskDuration over wall time) — and then 8 Overview pages at once: write → DOM latency of
// probes (an LPUSH to helix:pii:incidents, seen by a MutationObserver on the incident count).
// Target: ≤ 3% of a core per Overview page, ≤ 5% for any page; with 8 pages, DOM p99 ≤ 50 ms.
import type { Browser, Page } from 'playwright-core';
import { createClient } from 'redis';
import { launchChromium, whenLive } from '../tests/helpers/browser.ts';
import { startRedisServer } from '../scripts/lib/redis-server.ts';
import { startServerProcess } from '../scripts/lib/server-process.ts';
import { KEYS } from '../src/lib/shared/contract/keys.ts';
import { domProbe, epochNow, simulator, sleep, stats, type Stats } from './lib.ts';

const RATE = 1000;
export const PAGES = ['/', '/noc', '/cost', '/users', '/cache', '/requests'];

export interface PageRow {
	path: string;
	mainThreadPct: number;
}

export interface PagesBench {
	pages: PageRow[];
	eight: { probes: number; dom: Stats; seen: string };
}

async function open(browser: Browser, url: string): Promise<Page> {
	const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	await page.goto(url);
	// the NOC wall has no live badge: the layout's hydration mark is on every page
	if (new URL(url).pathname === '/noc') await page.locator('.shell[data-hydrated]').waitFor();
	else await whenLive(page);
	return page;
}

async function mainThread(page: Page, seconds: number): Promise<number> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	const task = async () =>
		(
			(await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
		).metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
	const a = await task();
	const t0 = performance.now();
	await sleep(seconds * 1000);
	const b = await task();
	return Math.round(((b - a) / ((performance.now() - t0) / 1000)) * 1000) / 10;
}

async function eightOverviews(
	browser: Browser,
	url: string,
	redisUrl: string,
	seconds: number
): Promise<PagesBench['eight']> {
	const pages = await Promise.all(Array.from({ length: 8 }, () => open(browser, url)));
	const w = createClient({ url: redisUrl });
	await w.connect();
	const base = await w.lLen(KEYS.piiIncidents);
	const probes = await Promise.all(pages.map((p) => domProbe(p)));
	const writeAt = new Map<number, number>();
	const t0 = performance.now();
	let k = base;
	while (performance.now() - t0 < seconds * 1000) {
		k++;
		writeAt.set(k, epochNow());
		await w.lPush(
			KEYS.piiIncidents,
			JSON.stringify({ user_id: 'bench', action: 'probe', timestamp: new Date().toISOString() })
		);
		await sleep(150 + Math.random() * 100);
	}
	await sleep(1_000);
	const lat: number[] = [];
	let seen = 0;
	for (const [i, p] of pages.entries()) {
		// a mutation showing count n closes every probe up to n not yet closed on this page
		let upTo = base;
		for (const [n, at] of await probes[i]!())
			for (; upTo < n; upTo++) {
				const wAt = writeAt.get(upTo + 1);
				if (wAt !== undefined) {
					lat.push(at - wAt);
					seen++;
				}
			}
		await p.close();
	}
	await w.close();
	return { probes: k - base, dom: stats(lat), seen: `${seen}/${(k - base) * 8}` };
}

export async function runPages(seconds: number): Promise<PagesBench> {
	const redis = await startRedisServer();
	const server = await startServerProcess({ REDIS_URL: redis.url, LOG_FILE: 'false' });
	const browser = await launchChromium();
	const sim = simulator(redis.url, RATE, PAGES.length * (seconds + 8) + seconds + 60);
	try {
		await sleep(3_000);
		const pages: PageRow[] = [];
		for (const path of PAGES) {
			const page = await open(browser, `${server.url}${path}`);
			await sleep(2_000);
			pages.push({ path, mainThreadPct: await mainThread(page, seconds) });
			console.log(`page ${path}: main thread ${pages.at(-1)!.mainThreadPct}% of a core`);
			await page.close();
		}
		const eight = await eightOverviews(browser, server.url, redis.url, seconds);
		console.log(
			`8 Overview pages: DOM p50 ${eight.dom.p50} p99 ${eight.dom.p99} ms (${eight.seen})`
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
		`## Pages at ${RATE} gateway req/s: the browser's main thread, each page alone in Chromium (targets: Overview ≤ 3% of a core, any page ≤ 5%)`,
		'',
		'| page | main thread (share of a core) |',
		'|---|---|',
		...b.pages.map((p) => `| ${p.path} | ${p.mainThreadPct}% |`),
		'',
		`8 Overview pages at once: write → DOM p50 ${b.eight.dom.p50} ms, p99 ${b.eight.dom.p99} ms, max ${b.eight.dom.max} ms (${b.eight.seen} probe sightings; target p99 ≤ 50 ms)`
	];
}
