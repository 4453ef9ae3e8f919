// Soak: the NOC wall in Chromium under live simulated traffic, memory sampled every 30 s
// (browser JS heap after a forced GC, server heap and RSS from /metrics); the slope of a
// least-squares line through the samples after a 1-minute warm-up, in MB per hour.
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import type { RedisProcess } from '../scripts/lib/redis-server.ts';
import { startServerProcess } from '../scripts/lib/server-process.ts';
import { dashboardProcess } from './lib.ts';

export interface SoakResult {
	minutes: number;
	rate: number;
	samples: number;
	browserHeapMb: { first: number; last: number; slopeMbPerHour: number };
	serverHeapMb: { first: number; last: number; slopeMbPerHour: number };
	serverRssMb: { first: number; last: number; slopeMbPerHour: number };
}

function slope(points: [number, number][]): number {
	const n = points.length;
	if (n < 2) return 0;
	const mx = points.reduce((a, p) => a + p[0], 0) / n;
	const my = points.reduce((a, p) => a + p[1], 0) / n;
	let sxy = 0;
	let sxx = 0;
	for (const [x, y] of points) {
		sxy += (x - mx) * (y - my);
		sxx += (x - mx) ** 2;
	}
	return sxx ? sxy / sxx : 0;
}

export async function runSoak(
	redis: RedisProcess,
	minutes: number,
	rate = 200
): Promise<SoakResult> {
	const server = await startServerProcess({ REDIS_URL: redis.url, LOG_FILE: 'false' });
	const sim = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			'scripts/simulate.ts',
			'--rate',
			String(rate),
			'--duration',
			String(minutes * 60 + 30)
		],
		{
			env: { ...process.env, REDIS_URL: redis.url },
			stdio: 'ignore'
		}
	);
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Performance.enable');
		await page.goto(`${server.url}/noc?dwell=5`);
		const rows: { t: number; browser: number; heap: number; rss: number }[] = [];
		const t0 = Date.now();
		while (Date.now() - t0 < minutes * 60_000) {
			await new Promise((r) => setTimeout(r, 30_000));
			await cdp.send('HeapProfiler.collectGarbage');
			const m =
				(await cdp.send('Performance.getMetrics')).metrics.find((x) => x.name === 'JSHeapUsedSize')!
					.value / 1e6;
			const s = await dashboardProcess(server.url);
			rows.push({ t: (Date.now() - t0) / 3_600_000, browser: m, heap: s.heapMb, rss: s.rssMb });
			console.log(
				`soak ${((Date.now() - t0) / 60_000).toFixed(1)} min: browser heap ${m.toFixed(1)} MB, server heap ${s.heapMb.toFixed(1)} MB, RSS ${s.rssMb.toFixed(1)} MB`
			);
		}
		const warm = rows.filter((r) => r.t >= 1 / 60);
		const fig = (pick: (r: (typeof rows)[number]) => number) => ({
			first: Math.round(pick(warm[0] ?? rows[0]!) * 10) / 10,
			last: Math.round(pick(rows.at(-1)!) * 10) / 10,
			slopeMbPerHour: Math.round(slope(warm.map((r) => [r.t, pick(r)])) * 10) / 10
		});
		return {
			minutes,
			rate,
			samples: rows.length,
			browserHeapMb: fig((r) => r.browser),
			serverHeapMb: fig((r) => r.heap),
			serverRssMb: fig((r) => r.rss)
		};
	} finally {
		await browser.close();
		sim.kill('SIGTERM');
		await server.stop();
	}
}
