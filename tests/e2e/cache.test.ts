// The Cache Performance page in Chromium: live hit rates, and a flush through the UI with
// a dry-run count and a confirmation.
import type { Browser, Page } from 'playwright-core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../scripts/lib/server-process.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { launchChromium } from '../helpers/browser.ts';

let server: ServerProcess;
let browser: Browser;
let page: Page;
const writer = createClient({ url: inject('redisUrl') });

beforeAll(async () => {
	await writer.connect();
	server = await startServerProcess({
		REDIS_URL: inject('redisUrl'),
		CACHE_SAMPLE_MS: '500',
		LOG_FILE: 'false'
	});
	browser = await launchChromium();
	page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await writer.close();
});

describe('Cache Performance page in Chromium', () => {
	it('shows hit rates live and flushes the exact cache after a count and a confirmation', async () => {
		for (let i = 0; i < 12; i++)
			await writer.setEx(`helix:exact:e2e${i}`, 600, '{"model":"gpt-4o"}');
		await writer.set(KEYS.requestsTotal, '10');
		await writer.set(KEYS.cacheHits, '4');
		await page.goto(`${server.url}/cache`);
		await page.getByTestId('link-status').filter({ hasText: 'live' }).waitFor();
		await expect
			.poll(() => page.getByTestId('cache-hit-rate').textContent(), { timeout: 5_000 })
			.toBe('40.00%');
		await expect
			.poll(() => page.getByTestId('cache-exact-count').textContent(), { timeout: 5_000 })
			.toBe('12');
		await writer.xAdd(KEYS.events, '*', {
			model: 'gpt-4o',
			user: 'u',
			outcome: 'semantic',
			latency_ms: '30',
			similarity: '0.93'
		});
		await expect
			.poll(() => page.getByTestId('cache-semantic-rate').textContent(), { timeout: 5_000 })
			.toMatch(/%$/);

		await page.getByTestId('flush-target').selectOption('exact');
		await page.getByTestId('flush-count').click();
		await expect
			.poll(() => page.getByTestId('flush-confirm').textContent(), { timeout: 5_000 })
			.toBe('Delete 12 entries');
		expect(await writer.keys('helix:exact:*')).toHaveLength(12); // nothing deleted before confirming
		await page.getByTestId('flush-confirm').click();
		await expect
			.poll(() => page.getByTestId('flush-status').textContent(), { timeout: 10_000 })
			.toMatch(/^Done: 12 deleted/);
		expect(await writer.keys('helix:exact:*')).toHaveLength(0);
		expect(await writer.get(KEYS.requestsTotal)).toBe('10');
		await expect
			.poll(() => page.getByTestId('cache-exact-count').textContent(), { timeout: 5_000 })
			.toBe('0');
		await page.screenshot({ path: 'test-results/screenshots/cache-1280.png', fullPage: true });
	});
});
