// Cost Analysis and User Management in Chromium: live figures from real writes, a budget
// created through the form, a group created and filled through the UI.
import type { Browser, Page } from 'playwright-core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../scripts/lib/server-process.ts';
import { recordRequest } from '../../src/lib/recorder/recorder.ts';
import { launchChromium } from '../helpers/browser.ts';

let server: ServerProcess;
let browser: Browser;
let page: Page;
const writer = createClient({ url: inject('redisUrl') });

beforeAll(async () => {
	await writer.connect();
	await writer.flushAll();
	server = await startServerProcess({ REDIS_URL: inject('redisUrl'), LOG_FILE: 'false' });
	browser = await launchChromium();
	page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await writer.close();
});

const rec = (user: string, team: string, costUsd: number) =>
	recordRequest(writer, { model: 'gpt-4o', user, team, outcome: 'miss', latencyMs: 500, costUsd });

describe('Cost Analysis and User Management in Chromium', () => {
	it('moves the spend figures live and creates a budget through the form', async () => {
		await page.goto(`${server.url}/cost`);
		await page.getByTestId('link-status').filter({ hasText: 'live' }).waitFor();
		await expect
			.poll(() => page.getByTestId('cost-today').textContent(), { timeout: 5_000 })
			.toBe('—');
		await rec('ivy', 'search', 2.5);
		await expect
			.poll(() => page.getByTestId('cost-today').textContent(), { timeout: 5_000 })
			.toBe('$2.50');
		await rec('jack', 'support', 1.25);
		await expect
			.poll(() => page.getByTestId('cost-today').textContent(), { timeout: 5_000 })
			.toBe('$3.75');
		await expect.poll(() => page.getByTestId('cost-users').locator('tbody tr').count()).toBe(2);
		await expect.poll(() => page.getByTestId('cost-teams').textContent()).toContain('search');
		expect(await page.getByTestId('projection-method').textContent()).toMatch(
			/Least-squares linear trend/
		);

		await page.getByTestId('budget-name').fill('Support');
		await page.getByTestId('budget-scope').selectOption('team');
		await page.getByTestId('budget-target').fill('support');
		await page.getByTestId('budget-amount').fill('5');
		await page.getByTestId('budget-save').click();
		await expect
			.poll(() => page.getByTestId('budget-message').textContent())
			.toBe('Budget created.');
		await expect
			.poll(() => page.getByTestId('budgets').textContent(), { timeout: 5_000 })
			.toMatch(/Support.*team: support.*\$5\.00.*\$1\.25 \(25\.0%\)/);
		await page.screenshot({ path: 'test-results/screenshots/cost-1280.png', fullPage: true });
	});

	it('ranks users live and manages a group through the UI', async () => {
		await page.goto(`${server.url}/users`);
		await page.getByTestId('link-status').filter({ hasText: 'live' }).waitFor();
		await expect
			.poll(() => page.getByTestId('top-spend').locator('tbody tr').first().textContent(), {
				timeout: 5_000
			})
			.toMatch(/^ivysearch\$2\.50/);
		await rec('jack', 'support', 5);
		await expect
			.poll(() => page.getByTestId('top-spend').locator('tbody tr').first().textContent(), {
				timeout: 5_000
			})
			.toMatch(/^jacksupport\$6\.25/);
		await expect
			.poll(() => page.getByTestId('team-usage').textContent())
			.toMatch(/support1\$6\.25/);

		await page.getByTestId('group-name').fill('Pilots');
		await page.getByTestId('group-create').click();
		await expect
			.poll(() => page.getByTestId('group-message').textContent())
			.toBe('Group "Pilots" created.');
		await page.getByTestId('group-add-input').fill('ivy, jack');
		await page.getByTestId('group-add').click();
		await expect
			.poll(() => page.getByTestId('group-rows').locator('tbody tr').count(), { timeout: 5_000 })
			.toBe(2);
		await page.getByTestId('group-select').selectOption('');
		await expect
			.poll(() => page.getByTestId('changes').textContent())
			.toMatch(/update group “Pilots”/);
		await page.screenshot({ path: 'test-results/screenshots/users-1280.png', fullPage: true });
	});
});
