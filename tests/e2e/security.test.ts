// The Security page in Chromium: a new incident appears at the top of the feed without a
// reload, redacted, and the page never contains the raw value.
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
		REFRESH_INTERVAL: '1',
		LOG_FILE: 'false'
	});
	browser = await launchChromium();
	page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await writer.close();
});

describe('Security page in Chromium', () => {
	it('shows a new incident live, redacted, at the top of the feed', async () => {
		await writer.del(KEYS.piiIncidents);
		await page.goto(`${server.url}/security`);
		await page.getByTestId('link-status').filter({ hasText: 'live' }).waitFor();
		await expect
			.poll(() => page.getByTestId('incident-total').textContent(), { timeout: 5_000 })
			.toBe('0');
		await writer.lPush(
			KEYS.piiIncidents,
			JSON.stringify({
				user_id: 'u9',
				timestamp: new Date(Date.now() - 5_000).toISOString(),
				action: 'redacted',
				content_preview: 'older one'
			})
		);
		await writer.lPush(
			KEYS.piiIncidents,
			JSON.stringify({
				user_id: 'u7',
				timestamp: new Date().toISOString(),
				action: 'logged',
				content_preview: 'card 4111 1111 1111 1111 for carol@example.com'
			})
		);
		await expect
			.poll(() => page.getByTestId('incident-total').textContent(), { timeout: 5_000 })
			.toBe('2');
		const first = page.getByTestId('incident-feed').locator('tbody tr').first();
		await expect
			.poll(() => first.textContent())
			.toContain('card [CREDIT_CARD] for [EMAIL_ADDRESS]');
		const html = await page.content();
		expect(html).not.toContain('4111 1111 1111 1111');
		expect(html).not.toContain('carol@example.com');
		await expect
			.poll(() => page.getByTestId('regulations').textContent())
			.toMatch(/PCI-DSS\s*attention/);
		await page.screenshot({ path: 'test-results/screenshots/security-1280.png', fullPage: true });
	});
});
