// The Overview in real Chromium against the real server and a real Redis: KPIs change
// without a reload when a plain Redis client writes the contract's keys.
import { beforeEach, describe, expect, it } from 'vitest';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { dateInZone } from '../../src/lib/shared/time.ts';
import type { Page } from 'playwright-core';
import { useE2E } from '../helpers/e2e.ts';
import { whenLive } from '../helpers/browser.ts';

let page: Page;
const e2e = useE2E({ env: { REFRESH_INTERVAL: '1' }, viewport: null });

const SHOTS = 'test-results/screenshots';

beforeEach(async () => {
	await e2e.writer.flushAll();
	page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(e2e.url);
	await whenLive(page);
	// a marker that a reload would wipe
	await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
	expect(errors).toEqual([]);
});

const text = (id: string) => page.getByTestId(id);
async function expectText(id: string, re: RegExp) {
	await expect.poll(() => text(id).textContent(), { timeout: 5_000 }).toMatch(re);
}

describe('Overview in Chromium', () => {
	it('shows the README example keys live, without a reload', async () => {
		await expectText('kpi-requests-total', /^0$/);
		const today = dateInZone(Date.now(), 'UTC');
		await e2e.writer.set(KEYS.requestsTotal, '12345');
		await e2e.writer.set(KEYS.cacheHits, '6789');
		await e2e.writer.zIncrBy(KEYS.spendTotal, 42.5, today);
		await e2e.writer.zIncrBy(KEYS.savedTotal, 17.25, today);
		await e2e.writer.set(KEYS.latencyMax, '1.5');
		await expectText('kpi-requests-total', /^12,345$/);
		await expectText('kpi-cache-hit-rate', /^54\.99%$/);
		await expectText('kpi-spend-today', /^\$42\.50$/);
		await expectText('kpi-cost-savings', /^\$17\.25$/);
		await expectText('kpi-latency', /max 1,500 ms/);
		expect(
			await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)
		).toBe(true);
		await page.screenshot({ path: `${SHOTS}/overview-1280.png`, fullPage: true });
	});

	it('names the key it needs where there is no data, instead of inventing a number', async () => {
		await expectText('kpi-latency', /^—$/);
		expect(await page.getByText(/needs helix:events/).count()).toBeGreaterThan(0);
		expect(await page.getByText(/needs helix:saved:total/).count()).toBeGreaterThan(0);
	});

	it('draws the trend charts from live deltas', async () => {
		for (let i = 1; i <= 4; i++) {
			await e2e.writer.incrBy(KEYS.requestsTotal, 10);
			await page.waitForTimeout(1_100);
		}
		// the empty-state overlay goes away once two points exist
		await expect
			.poll(() => page.getByText('collecting: one point per second').count(), { timeout: 5_000 })
			.toBe(0);
		await expectText('kpi-requests-total', /^40$/);
	});
});
