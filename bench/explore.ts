// The request tail and the entity pages (issue 18), on a fresh redis-server and dashboard:
// - The tail at 1,000 and 5,000 gateway req/s (a simulator process) with 10 viewers: 8
//   socket.io clients watching everything, 1 with a narrow filter (status=error, ~1.5% of the
//   traffic) and 1 Chromium /requests page. The bench XADDs its own probe entries 5 times a
//   second; write → row is timed at the sockets and (a MutationObserver on the rows' data-id)
//   in the page. Every unfiltered viewer's ids are compared with the stream's ids in the
//   window (missing and doubled rows); the filtered one with the matching entries. The page's
//   main-thread share of a core is CDP Performance.getMetrics TaskDuration over wall time; the
//   server's CPU is from its /metrics.
// - Entity page first paint with 10,000 users: first contentful paint and the time until the
//   page's first live figure, p50 of 5 cold loads of /users/<u>, /teams/<t> and /models/<m>.
import type { Browser } from 'playwright-core';
import { createClient } from 'redis';
import { io as ioClient } from 'socket.io-client';
import { launchChromium } from '../tests/helpers/browser.ts';
import { startRedisServer } from '../scripts/lib/redis-server.ts';
import { startServerProcess } from '../scripts/lib/server-process.ts';
import {
	KEYS,
	requestsUserKey,
	spendModelKey,
	spendUserKey
} from '../src/lib/shared/contract/keys.ts';
import type { TailRow } from '../src/lib/shared/protocol/tail.ts';
import { dateInZone } from '../src/lib/shared/time.ts';
import {
	dashboardProcess,
	epochNow,
	simulator,
	sleep,
	stats,
	type ClientSocket,
	type Stats
} from './lib.ts';

export interface TailBenchRow {
	rate: number;
	achievedRate: number;
	probes: number;
	socket: Stats;
	dom: Stats;
	/** rows every unfiltered socket viewer got / the stream's entries in the window, summed */
	delivered: string;
	missing: number;
	doubled: number;
	filtered: string;
	mainThreadPct: number;
	serverCpuPct: number;
}

export interface EntityPaint {
	page: string;
	firstPaintMs: number;
	firstFigureMs: number;
}

export interface ExploreBench {
	tail: TailBenchRow[];
	entities: { users: number; pages: EntityPaint[] };
}

const VIEWERS = 8;

async function watcher(url: string, filter: Record<string, string>) {
	const s: ClientSocket = ioClient(url, {
		transports: ['websocket'],
		forceNew: true,
		reconnection: false
	});
	const ids: string[] = [];
	const at = new Map<string, number>();
	s.on('tail:rows', (b: { rows: TailRow[] }) => {
		const now = epochNow();
		for (const r of b.rows) {
			ids.push(r.id);
			if (r.requestId?.startsWith('probe-')) at.set(r.id, now);
		}
	});
	for (let t = 0; !s.connected; t++) {
		if (t > 3000) throw new Error('a tail viewer did not connect');
		await sleep(10);
	}
	const r = await s.timeout(30_000).emitWithAck('tail:watch', { filter });
	if (!r.ok) throw new Error(r.msg);
	return { s, ids, at };
}

async function tailRun(
	browser: Browser,
	url: string,
	redisUrl: string,
	rate: number,
	seconds: number
): Promise<TailBenchRow> {
	const w = createClient({ url: redisUrl });
	await w.connect();
	const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	await page.goto(`${url}/requests`);
	await page.getByTestId('tail-list').waitFor();
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	await page.evaluate(() => {
		const g = window as unknown as { __seen: [string, number][] };
		g.__seen = [];
		new MutationObserver((ms) => {
			const now = performance.timeOrigin + performance.now();
			for (const m of ms)
				for (const n of m.addedNodes)
					if (n instanceof HTMLElement && n.dataset.id) g.__seen.push([n.dataset.id, now]);
		}).observe(document.querySelector('[data-testid=tail-list]')!, {
			childList: true,
			subtree: true
		});
	});
	const all = await Promise.all(Array.from({ length: VIEWERS }, () => watcher(url, {})));
	const narrow = await watcher(url, { status: 'error' });
	const sim = simulator(redisUrl, rate, seconds + 3);
	await sleep(2_000); // the simulator's start
	const first = (await w.xRevRange(KEYS.events, '+', '-', { COUNT: 1 }))[0]?.id ?? '0-0';
	const cpu0 = await dashboardProcess(url);
	const task = async () =>
		(
			(await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
		).metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
	const task0 = await task();
	const t0 = performance.now();
	const writeAt = new Map<string, number>();
	let k = 0;
	while (performance.now() - t0 < seconds * 1000) {
		const t = epochNow();
		const id = await w.xAdd(KEYS.events, '*', {
			model: 'bench-probe',
			user: 'bench',
			outcome: 'miss',
			latency_ms: '1',
			status: 'ok',
			request_id: `probe-${k++}`
		});
		writeAt.set(id, t);
		await sleep(200);
	}
	const elapsed = (performance.now() - t0) / 1000;
	const task1 = await task();
	const cpu1 = await dashboardProcess(url);
	const last = (await w.xRevRange(KEYS.events, '+', '-', { COUNT: 1 }))[0]!.id;
	await sleep(1_500); // the last rows arrive
	sim.kill('SIGTERM');
	// the stream's ids in (first, last], read in pages
	const expected: string[] = [];
	let errors = 0;
	for (let from = `(${first}`; ;) {
		const page = await w.xRange(KEYS.events, from, last, { COUNT: 10_000 });
		for (const e of page) {
			expected.push(e.id);
			if (e.message.status === 'error') errors++;
		}
		if (page.length < 10_000) break;
		from = `(${page.at(-1)!.id}`;
	}
	const want = new Set(expected);
	let got = 0;
	let missing = 0;
	let doubled = 0;
	for (const v of all) {
		const mine = v.ids.filter((id) => want.has(id));
		const uniq = new Set(mine);
		got += uniq.size;
		doubled += mine.length - uniq.size;
		missing += want.size - uniq.size;
	}
	const narrowGot = new Set(narrow.ids.filter((id) => want.has(id))).size;
	const lag: number[] = [];
	for (const v of all)
		for (const [id, at] of v.at) if (writeAt.has(id)) lag.push(at - writeAt.get(id)!);
	const dom: number[] = [];
	for (const [id, at] of await page.evaluate(
		() => (window as unknown as { __seen: [string, number][] }).__seen
	))
		if (writeAt.has(id)) dom.push(at - writeAt.get(id)!);
	for (const v of [...all, narrow]) v.s.disconnect();
	await page.close();
	await w.close();
	return {
		rate,
		achievedRate: Math.round(expected.length / elapsed),
		probes: writeAt.size,
		socket: stats(lag),
		dom: stats(dom),
		delivered: `${got}/${want.size * VIEWERS}`,
		missing,
		doubled,
		filtered: `${narrowGot}/${errors}`,
		mainThreadPct: Math.round(((task1 - task0) / elapsed) * 1000) / 10,
		serverCpuPct: Math.round(((cpu1.cpuS - cpu0.cpuS) / elapsed) * 1000) / 10
	};
}

async function entityPaint(
	browser: Browser,
	url: string,
	path: string,
	testid: string,
	loads = 5
): Promise<EntityPaint> {
	const paint: number[] = [];
	const figure: number[] = [];
	for (let i = 0; i < loads; i++) {
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		const page = await ctx.newPage();
		await page.goto(url + path);
		await page.waitForFunction(
			(id) => {
				const t = document.querySelector(`[data-testid=${id}]`)?.textContent ?? '';
				return /\$\d/.test(t);
			},
			testid,
			{ timeout: 60_000, polling: 10 }
		);
		figure.push(await page.evaluate(() => performance.now()));
		paint.push(
			await page.evaluate(
				() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN
			)
		);
		await ctx.close();
	}
	return { page: path, firstPaintMs: stats(paint).p50, firstFigureMs: stats(figure).p50 };
}

export async function runExplore(seconds: number, users = 10_000): Promise<ExploreBench> {
	const redis = await startRedisServer();
	const server = await startServerProcess({ REDIS_URL: redis.url, LOG_FILE: 'false' });
	const browser = await launchChromium();
	try {
		const tail: TailBenchRow[] = [];
		for (const rate of [1000, 5000]) {
			const r = await tailRun(browser, server.url, redis.url, rate, seconds);
			console.log(
				`tail ${rate}/s (achieved ${r.achievedRate}): socket p50 ${r.socket.p50} p99 ${r.socket.p99} ms; DOM p50 ${r.dom.p50} p99 ${r.dom.p99} ms; delivered ${r.delivered} (missing ${r.missing}, doubled ${r.doubled}); filtered ${r.filtered}; main thread ${r.mainThreadPct}%; server CPU ${r.serverCpuPct}%`
			);
			tail.push(r);
		}
		await server.stop();
		// 10,000 users in 100 teams, 30 days of spend each, 20 models
		const w = createClient({ url: redis.url });
		await w.connect();
		await w.flushAll();
		const today = dateInZone(Date.now(), 'UTC');
		const teams: Record<string, string> = {};
		for (let i = 0; i < users; i += 500) {
			const m = w.multi();
			for (let u = i; u < Math.min(users, i + 500); u++) {
				m.zAdd(spendUserKey(`user-${u}`), { score: 0.01 * (1 + (u % 17)), value: today });
				m.zAdd(requestsUserKey(`user-${u}`), { score: 1 + (u % 9), value: today });
				teams[`user-${u}`] = `team-${u % 100}`;
			}
			await m.exec();
		}
		for (let i = 0; i < 20; i++)
			await w.zAdd(spendModelKey(`model-${i}`), { score: 10 + i, value: today });
		await w.hSet(KEYS.userTeams, teams);
		await w.close();
		const s2 = await startServerProcess({ REDIS_URL: redis.url, LOG_FILE: 'false' });
		try {
			await sleep(3_000); // the first read of 10,000 users
			const pages = [
				await entityPaint(browser, s2.url, '/users/user-42', 'user-spend'),
				await entityPaint(browser, s2.url, '/teams/team-42', 'team-spend'),
				await entityPaint(browser, s2.url, '/models/model-7', 'model-spend')
			];
			for (const p of pages)
				console.log(
					`entity ${p.page}: first paint ${p.firstPaintMs} ms, first figure ${p.firstFigureMs} ms`
				);
			return { tail, entities: { users, pages } };
		} finally {
			await s2.stop();
		}
	} finally {
		await browser.close();
		await server.stop();
		await redis.stop();
	}
}

export function exploreMarkdown(x: ExploreBench): string[] {
	return [
		'',
		`## Request tail: ${VIEWERS} socket viewers (everything), 1 with a narrow filter (status=error), 1 Chromium /requests page; probes XADDed 5/s`,
		'',
		'| gateway req/s (achieved) | probes | write → socket row p50 / p99 | write → DOM row p50 / p99 | rows delivered / expected | missing | doubled | filtered viewer | page main thread (share of a core) | server CPU |',
		'|---|---|---|---|---|---|---|---|---|---|',
		...x.tail.map(
			(r) =>
				`| ${r.rate} (${r.achievedRate}) | ${r.probes} | ${r.socket.p50} / ${r.socket.p99} ms | ${r.dom.p50} / ${r.dom.p99} ms | ${r.delivered} | ${r.missing} | ${r.doubled} | ${r.filtered} | ${r.mainThreadPct}% | ${r.serverCpuPct}% |`
		),
		'',
		`## Entity pages with ${x.entities.users.toLocaleString('en-US')} users (p50 of 5 cold loads)`,
		'',
		'| page | first contentful paint | first figure |',
		'|---|---|---|',
		...x.entities.pages.map((p) => `| ${p.page} | ${p.firstPaintMs} ms | ${p.firstFigureMs} ms |`)
	];
}
