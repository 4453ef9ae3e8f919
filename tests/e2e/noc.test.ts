// NOC wall mode in Chromium: rotation, live figures, server-side panel choice, a critical
// takeover that clears when resolved, and the stale-feed banner.
import type { Browser, Page } from 'playwright-core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../scripts/lib/server-process.ts';
import { recordRequest } from '../../src/lib/recorder/recorder.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { launchChromium } from '../helpers/browser.ts';

let server: ServerProcess;
let browser: Browser;
let page: Page;
const writer = createClient({ url: inject('redisUrl') });
const panel = () => page.getByTestId('noc').getAttribute('data-panel');

beforeAll(async () => {
	await writer.connect();
	await writer.del(['helix-dashboard:noc', 'helix-dashboard:budgets']);
	server = await startServerProcess({
		REDIS_URL: inject('redisUrl'),
		LOG_FILE: 'false',
		REFRESH_INTERVAL: '1'
	});
	browser = await launchChromium();
	page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await writer.close();
});

const api = (method: string, path: string, body?: unknown) =>
	fetch(server.url + path, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});

describe('NOC wall', () => {
	it('rotates the panels given in the URL and shows live figures', async () => {
		await page.goto(`${server.url}/noc?panels=overview,cost&dwell=5`);
		await expect.poll(panel).toBe('overview');
		await writer.set(KEYS.requestsTotal, '424242');
		await expect
			.poll(() => page.getByTestId('noc-requests').textContent(), { timeout: 5_000 })
			.toBe('424,242');
		expect(
			await page.evaluate(
				() => getComputedStyle(document.querySelector('[data-testid=noc]')!).cursor
			)
		).toBe('none');
		expect(await page.locator('header nav').count()).toBe(0); // no controls on a wall
		await page.screenshot({ path: 'test-results/screenshots/noc-1920.png' });
		await expect.poll(panel, { timeout: 8_000 }).toBe('cost');
	});

	it('follows the panels an operator sets for every wall, live', async () => {
		await page.goto(`${server.url}/noc`);
		await expect.poll(panel).toBe('overview');
		expect((await api('PUT', '/api/noc', { panels: ['security'], dwellSeconds: 2 })).status).toBe(
			400
		);
		expect((await api('PUT', '/api/noc', { panels: ['security'], dwellSeconds: 10 })).status).toBe(
			200
		);
		await expect.poll(panel, { timeout: 5_000 }).toBe('security');
	});

	it('is taken over by a critical condition until it is resolved', async () => {
		const b = await (
			await api('POST', '/api/budgets', { name: 'Tiny', scope: 'gateway', monthlyUsd: 1 })
		).json();
		await recordRequest(writer, {
			model: 'm',
			user: 'u',
			outcome: 'miss',
			latencyMs: 1,
			costUsd: 2
		});
		await expect
			.poll(() => page.getByTestId('noc-critical').textContent(), { timeout: 5_000 })
			.toMatch(/Budget exceeded: Tiny/);
		await page.screenshot({ path: 'test-results/screenshots/noc-critical-1920.png' });
		await api('DELETE', `/api/budgets/${b.id}`);
		await expect.poll(() => page.getByTestId('noc-critical').count(), { timeout: 5_000 }).toBe(0);
	});

	it('says so when the feed stops', async () => {
		await server.stop();
		await expect.poll(() => page.getByTestId('noc-stale').count(), { timeout: 10_000 }).toBe(1);
	});
});
