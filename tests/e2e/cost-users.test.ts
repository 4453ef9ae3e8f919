// Cost Analysis and User Management in Chromium: live figures from real writes, a budget
// created through the form, a group created and filled through the UI.
import { describe, expect, it } from 'vitest';
import { recordRequest } from '../../src/lib/recorder/recorder.ts';
import { useE2E } from '../helpers/e2e.ts';
import { whenLive } from '../helpers/browser.ts';

const e2e = useE2E({
	prepare: (w) => w.flushAll().then(() => {}),
	viewport: { width: 1280, height: 1400 }
});

const rec = (user: string, team: string, costUsd: number) =>
	recordRequest(e2e.writer, {
		model: 'gpt-4o',
		user,
		team,
		outcome: 'miss',
		latencyMs: 500,
		costUsd
	});

describe('Cost Analysis and User Management in Chromium', () => {
	it('moves the spend figures live and creates a budget through the form', async () => {
		await e2e.page.goto(`${e2e.url}/cost`);
		await whenLive(e2e.page);
		await expect
			.poll(() => e2e.page.getByTestId('cost-today').textContent(), { timeout: 5_000 })
			.toBe('—');
		await rec('ivy', 'search', 2.5);
		await expect
			.poll(() => e2e.page.getByTestId('cost-today').textContent(), { timeout: 5_000 })
			.toBe('$2.50');
		await rec('jack', 'support', 1.25);
		await expect
			.poll(() => e2e.page.getByTestId('cost-today').textContent(), { timeout: 5_000 })
			.toBe('$3.75');
		await expect.poll(() => e2e.page.getByTestId('cost-users').locator('tbody tr').count()).toBe(2);
		await expect.poll(() => e2e.page.getByTestId('cost-teams').textContent()).toContain('search');
		expect(await e2e.page.getByTestId('projection-method').textContent()).toMatch(
			/Least-squares linear trend/
		);

		await e2e.page.getByTestId('budget-name').fill('Support');
		await e2e.page.getByTestId('budget-scope').selectOption('team');
		await e2e.page.getByTestId('budget-target').fill('support');
		await e2e.page.getByTestId('budget-amount').fill('5');
		await e2e.page.getByTestId('budget-save').click();
		await expect
			.poll(() => e2e.page.getByTestId('budget-message').textContent())
			.toBe('Budget created.');
		await expect
			.poll(() => e2e.page.getByTestId('budgets').textContent(), { timeout: 5_000 })
			.toMatch(/Support.*team: support.*\$5\.00.*\$1\.25 \(25\.0%\)/);
		// no thresholds given: the scope's defaults; then its own, with a severity and channels
		await expect
			.poll(() => e2e.page.getByTestId('budget-levels').first().textContent())
			.toBe('50% info · 80% warning · 95% warning · 100% critical (defaults)');
		await e2e.page.getByRole('button', { name: 'Edit' }).first().click();
		await e2e.page.getByTestId('budget-thresholds').fill('20, 90 critical slack+email, 120 none');
		await e2e.page.getByTestId('budget-save').click();
		await expect
			.poll(() => e2e.page.getByTestId('budget-levels').first().textContent(), { timeout: 5_000 })
			.toBe('20% info · 90% critical → slack, email · 120% critical → bell only');
		await e2e.page.getByRole('button', { name: 'Edit' }).first().click();
		expect(await e2e.page.getByTestId('budget-thresholds').inputValue()).toBe(
			'20 info, 90 critical slack+email, 120 critical none'
		);
		await e2e.page.getByTestId('budget-thresholds').fill('20, 90 loud');
		await e2e.page.getByTestId('budget-save').click();
		await expect
			.poll(() => e2e.page.getByTestId('budget-message').textContent())
			.toMatch(/channels may be webhook, slack, email/);
		await e2e.page.getByRole('button', { name: 'Cancel' }).click();
		await e2e.page.screenshot({ path: 'test-results/screenshots/cost-1280.png', fullPage: true });
	});

	it('ranks users live and manages a group through the UI', async () => {
		await e2e.page.goto(`${e2e.url}/users`);
		await whenLive(e2e.page);
		await expect
			.poll(() => e2e.page.getByTestId('top-spend').locator('tbody tr').first().textContent(), {
				timeout: 5_000
			})
			.toMatch(/^ivysearch\$2\.50/);
		await rec('jack', 'support', 5);
		await expect
			.poll(() => e2e.page.getByTestId('top-spend').locator('tbody tr').first().textContent(), {
				timeout: 5_000
			})
			.toMatch(/^jacksupport\$6\.25/);
		await expect
			.poll(() => e2e.page.getByTestId('team-usage').textContent())
			.toMatch(/support11\$6\.25/); // 1 active user of 1 member

		await e2e.page.getByTestId('group-name').fill('Pilots');
		await e2e.page.getByTestId('group-create').click();
		await expect
			.poll(() => e2e.page.getByTestId('group-message').textContent())
			.toBe('Group "Pilots" created.');
		await e2e.page.getByTestId('group-add-input').fill('ivy, jack');
		await e2e.page.getByTestId('group-add').click();
		await expect
			.poll(() => e2e.page.getByTestId('group-rows').locator('tbody tr').count(), {
				timeout: 5_000
			})
			.toBe(2);
		await e2e.page.getByTestId('group-select').selectOption('');
		await expect
			.poll(() => e2e.page.getByTestId('changes').textContent())
			.toMatch(/update group “Pilots”/);
		await e2e.page.screenshot({ path: 'test-results/screenshots/users-1280.png', fullPage: true });
	});
});
