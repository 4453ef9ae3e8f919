// Every page at phone, tablet, laptop, desktop and 4K widths: no horizontal scrolling, the
// navigation collapses on phones, and the theme toggle persists. Screenshots are kept in
// test-results/screenshots/ (CI artifacts).
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../scripts/lib/server-process.ts';
import { recordIncident, recordRequest } from '../../src/lib/recorder/recorder.ts';
import { launchChromium } from '../helpers/browser.ts';

const SHOTS = 'test-results/screenshots';
const WIDTHS = [375, 768, 1280, 1920, 3840];
const PAGES = [
	'/',
	'/cost',
	'/cache',
	'/security',
	'/users',
	'/system',
	'/alerts',
	'/admin',
	'/login'
];
let server: ServerProcess;
let browser: Browser;
const writer = createClient({ url: inject('redisUrl') });

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	await writer.connect();
	for (let i = 0; i < 30; i++) {
		await recordRequest(writer, {
			model: ['gpt-4o', 'claude-3-5-sonnet-20241022-long-model-name'][i % 2]!,
			user: `user-with-a-long-identifier-${i % 7}@example-corp`,
			team: `team-${i % 3}`,
			outcome: i % 3 ? 'miss' : 'exact',
			latencyMs: 100 + i,
			similarity: 0.8,
			costUsd: i % 3 ? 0.5 : 0,
			savedUsd: i % 3 ? 0 : 0.5
		});
	}
	await recordIncident(writer, {
		user: 'u1',
		action: 'redacted',
		contentPreview: `a long preview ${'x'.repeat(90)} mail me at someone@example.com`
	});
	server = await startServerProcess({ REDIS_URL: inject('redisUrl'), LOG_FILE: 'false' });
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await writer.close();
});

describe('responsive layout', () => {
	it('has no horizontal overflow on any page at any width', async () => {
		const overflow: string[] = [];
		for (const width of WIDTHS) {
			const page = await browser.newPage({ viewport: { width, height: width < 800 ? 800 : 1000 } });
			for (const path of PAGES) {
				await page.goto(server.url + path);
				// the sign-in page has no live feed
				if (path !== '/login')
					await page.getByTestId('link-status').filter({ hasText: 'live' }).waitFor();
				await page.waitForTimeout(150); // charts lay out
				const { scroll, inner } = await page.evaluate(() => ({
					scroll: document.documentElement.scrollWidth,
					inner: window.innerWidth
				}));
				if (scroll > inner) overflow.push(`${path} at ${width}px: ${scroll} > ${inner}`);
				await page.screenshot({
					path: `${SHOTS}/${path === '/' ? 'overview' : path.slice(1)}-${width}.png`,
					fullPage: width <= 1920
				});
			}
			await page.close();
		}
		expect(overflow).toEqual([]);
	});

	it('collapses the navigation behind a menu button on a phone', async () => {
		const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
		await page.goto(server.url);
		await page.getByTestId('link-status').filter({ hasText: 'live' }).waitFor();
		const nav = page.getByRole('navigation', { name: 'Pages' });
		expect(await nav.isVisible()).toBe(false);
		await page.getByTestId('nav-toggle').click();
		expect(await nav.isVisible()).toBe(true);
		await nav.getByRole('link', { name: 'Security' }).click();
		await page.waitForURL('**/security');
		expect(await nav.isVisible()).toBe(false);
		await page.close();
	});

	it('switches theme and keeps the choice across a reload', async () => {
		const page = await browser.newPage();
		await page.goto(server.url);
		await page.getByTestId('link-status').filter({ hasText: 'live' }).waitFor();
		const theme = () => page.locator('.shell').getAttribute('data-theme');
		expect(await theme()).toBe('dark');
		await page.getByTestId('theme-toggle').click();
		expect(await theme()).toBe('light');
		const bg = await page.evaluate(
			() => getComputedStyle(document.querySelector('.shell')!).backgroundColor
		);
		expect(bg).toBe('rgb(246, 247, 251)');
		await page.reload();
		await page.getByTestId('link-status').filter({ hasText: 'live' }).waitFor();
		await expect.poll(theme).toBe('light');
		await page.screenshot({ path: `${SHOTS}/overview-light-1280.png` });
		await page.close();
	});
});
