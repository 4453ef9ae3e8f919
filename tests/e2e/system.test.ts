// System Health in Chromium: live host and Redis figures; Redis stopped → red, back → green.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';
import { startServerProcess, type ServerProcess } from '../../scripts/lib/server-process.ts';
import { launchChromium } from '../helpers/browser.ts';

const SHOTS = 'test-results/screenshots';
let redis: RedisProcess;
let server: ServerProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	redis = await startRedisServer();
	server = await startServerProcess({
		REDIS_URL: redis.url,
		SYSTEM_SAMPLE_MS: '500',
		LOG_FILE: 'false'
	});
	browser = await launchChromium();
	page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await redis?.stop();
});

const status = () => page.getByTestId('service-redis').getAttribute('data-status');

describe('System Health in Chromium', () => {
	it('shows live host and Redis figures, and Redis going red and green', async () => {
		await page.goto(`${server.url}/system`);
		await page.getByTestId('link-status').filter({ hasText: 'live' }).waitFor();
		await expect
			.poll(() => page.getByTestId('host-cpu').textContent(), { timeout: 10_000 })
			.toMatch(/^\d+(\.\d)?%$/);
		await expect.poll(status, { timeout: 5_000 }).toBe('ok');
		const lag1 = await page.getByTestId('process-lag').textContent();
		await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
		await page.screenshot({ path: `${SHOTS}/system-1280.png`, fullPage: true });

		await redis.kill();
		await expect.poll(status, { timeout: 6_000 }).toBe('down');
		await page.getByTestId('redis-stats-empty').waitFor();
		await page.screenshot({ path: `${SHOTS}/system-redis-down.png` });

		await redis.restart();
		await expect.poll(status, { timeout: 10_000 }).toBe('ok');
		await page.getByTestId('redis-stats').waitFor();
		// the outage shows up in the grouped warnings, without a reload
		await page
			.getByTestId('error-groups')
			.getByText('redis connection lost')
			.first()
			.waitFor({ timeout: 5_000 });
		expect(
			await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)
		).toBe(true);
		expect(lag1).toMatch(/ms$/);
	});
});
