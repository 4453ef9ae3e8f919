// NOC wall mode in Chromium: rotation, live figures, server-side panel choice, a critical
// takeover that clears when resolved, and the stale-feed banner.
import { describe, expect, it } from 'vitest';
import { recordRequest } from '../../src/lib/recorder/recorder.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { useE2E } from '../helpers/e2e.ts';

const e2e = useE2E({
	env: { REFRESH_INTERVAL: '1' },
	viewport: { width: 1920, height: 1080 },
	prepare: (w) => w.del(['helix-dashboard:noc', 'helix-dashboard:budgets']).then(() => {})
});

const panel = () => e2e.page.getByTestId('noc').getAttribute('data-panel');

const api = (method: string, path: string, body?: unknown) =>
	fetch(e2e.url + path, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});

describe('NOC wall', () => {
	it('rotates the panels given in the URL and shows live figures', async () => {
		await e2e.page.goto(`${e2e.url}/noc?panels=overview,cost&dwell=5`);
		await expect.poll(panel).toBe('overview');
		await e2e.writer.set(KEYS.requestsTotal, '424242');
		await expect
			.poll(() => e2e.page.getByTestId('noc-requests').textContent(), { timeout: 5_000 })
			.toBe('424,242');
		expect(
			await e2e.page.evaluate(
				() => getComputedStyle(document.querySelector('[data-testid=noc]')!).cursor
			)
		).toBe('none');
		expect(await e2e.page.locator('header nav').count()).toBe(0); // no controls on a wall
		await e2e.page.screenshot({ path: 'test-results/screenshots/noc-1920.png' });
		await expect.poll(panel, { timeout: 8_000 }).toBe('cost');
	});

	it('follows the panels an operator sets for every wall, live', async () => {
		await e2e.page.goto(`${e2e.url}/noc`);
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
		await recordRequest(e2e.writer, {
			model: 'm',
			user: 'u',
			outcome: 'miss',
			latencyMs: 1,
			costUsd: 2
		});
		await expect
			.poll(() => e2e.page.getByTestId('noc-critical').textContent(), { timeout: 5_000 })
			.toMatch(/Budget exceeded: Tiny/);
		await e2e.page.screenshot({ path: 'test-results/screenshots/noc-critical-1920.png' });
		await api('DELETE', `/api/budgets/${b.id}`);
		await expect
			.poll(() => e2e.page.getByTestId('noc-critical').count(), { timeout: 5_000 })
			.toBe(0);
	});

	it('says so when the feed stops', async () => {
		await e2e.server.stop();
		await expect.poll(() => e2e.page.getByTestId('noc-stale').count(), { timeout: 10_000 }).toBe(1);
	});
});
