// Alerts in Chromium: a rule fires from real Redis writes, a critical toast stays until
// dismissed, the bell and the Overview list it, and it can be acknowledged from the page.
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
	await writer.del([
		KEYS.piiIncidents,
		'helix-dashboard:alert-rules',
		'helix-dashboard:alert-acks'
	]);
	await writer.set('helix-dashboard:alert-rules:seeded', '1'); // no default rules in this test
	server = await startServerProcess({ REDIS_URL: inject('redisUrl'), LOG_FILE: 'false' });
	browser = await launchChromium();
	page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await writer.close();
});

describe('alerts in Chromium', () => {
	it('toasts a rule firing from real writes, lists it, and acknowledges it', async () => {
		await page.goto(`${server.url}/alerts`);
		await page.getByTestId('link-status').filter({ hasText: 'live' }).waitFor();
		await page.getByTestId('rule-name').fill('PII in the last hour');
		await page.getByTestId('rule-metric').selectOption('pii_per_hour');
		await page.getByTestId('rule-threshold').fill('0');
		await page.getByTestId('rule-for').fill('0');
		await page.getByTestId('rule-severity').selectOption('critical');
		await page.getByTestId('rule-create').click();
		await expect
			.poll(() => page.getByTestId('alert-rules').textContent())
			.toContain('PII in the last hour');

		await writer.lPush(
			KEYS.piiIncidents,
			JSON.stringify({ user_id: 'u', timestamp: new Date().toISOString(), action: 'logged' })
		);
		const toast = page.getByTestId('toast').filter({ hasText: 'PII in the last hour' });
		await toast.waitFor({ timeout: 10_000 });
		expect(await toast.getAttribute('data-severity')).toBe('critical');
		await expect.poll(() => page.getByTestId('alert-bell').textContent()).toContain('1');
		await expect
			.poll(() => page.getByTestId('active-alerts').textContent())
			.toMatch(/critical\s*PII in the last hour\s*firing/);
		await page.screenshot({ path: 'test-results/screenshots/alerts-1280.png', fullPage: true });
		await page.waitForTimeout(3_000);
		expect(await toast.count()).toBe(1); // critical toasts stay until dismissed

		await page.getByTestId('active-alerts').getByRole('button', { name: 'Acknowledge' }).click();
		await expect
			.poll(() => page.getByTestId('active-alerts').textContent())
			.toMatch(/acknowledged by local/);
		await toast.getByRole('button', { name: 'Dismiss' }).click();
		expect(await toast.count()).toBe(0);

		await page.goto(server.url);
		await expect
			.poll(() => page.getByTestId('overview-alerts').textContent(), { timeout: 5_000 })
			.toMatch(/critical: PII in the last hour — firing/);
	});
});
