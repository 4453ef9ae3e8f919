// Client weight: the JavaScript the Overview ships on a cold load (as the browser received
// it, and gzipped), and the time from navigation to the first live number (the socket's
// snapshot applied: the badge says "live"), over several cold loads.
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { stats, type Stats } from './lib.ts';

export interface ClientWeight {
	scripts: number;
	jsBytes: number;
	jsGzipBytes: number;
	firstPaintMs: Stats;
	firstLiveMs: Stats;
}

export async function runClientWeight(
	browser: Browser,
	url: string,
	loads = 5
): Promise<ClientWeight> {
	let scripts = 0;
	let jsBytes = 0;
	let jsGzipBytes = 0;
	const paint: number[] = [];
	const live: number[] = [];
	for (let i = 0; i < loads; i++) {
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } }); // cold cache
		const page = await ctx.newPage();
		const bodies: Promise<Buffer>[] = [];
		if (i === 0)
			page.on('response', (r) => r.request().resourceType() === 'script' && bodies.push(r.body()));
		await page.goto(url);
		await page
			.waitForFunction(
				() => document.querySelector('[data-testid=link-status]')?.textContent === 'live',
				undefined,
				{ timeout: 60_000, polling: 10 }
			)
			.catch(async (err: Error) => {
				const shown = await page.evaluate(
					() => document.querySelector('[data-testid=link-status]')?.textContent ?? 'no badge'
				);
				throw new Error(`the Overview did not go live (badge: ${shown}): ${err.message}`);
			});
		live.push(await page.evaluate(() => performance.now()));
		paint.push(
			await page.evaluate(
				() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN
			)
		);
		if (i === 0) {
			for (const b of await Promise.all(bodies)) {
				scripts++;
				jsBytes += b.length;
				jsGzipBytes += gzipSync(b, { level: 9 }).length;
			}
		}
		await ctx.close();
	}
	return {
		scripts,
		jsBytes,
		jsGzipBytes,
		firstPaintMs: stats(paint.filter(Number.isFinite)),
		firstLiveMs: stats(live)
	};
}
