// Alerts in Chromium: a rule fires from real Redis writes, a critical toast stays until
// dismissed, the bell and the Overview list it, and it can be acknowledged from the page.
import { describe, expect, it } from 'vitest';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { DEFAULT_RULES } from '../../src/lib/server/alerts/rules.ts';
import { useE2E } from '../helpers/e2e.ts';
import { whenLive } from '../helpers/browser.ts';

const e2e = useE2E({
	prepare: async (w) => {
		await w.del([KEYS.piiIncidents, 'helix-dashboard:alert-rules', 'helix-dashboard:alert-acks']);
		// no default rules in this test: every default counts as seeded already
		await w.sAdd(
			'helix-dashboard:alert-rules:seeded-ids',
			DEFAULT_RULES.map((r) => r.id)
		);
	}
});

describe('alerts in Chromium', () => {
	it('toasts a rule firing from real writes, lists it, and acknowledges it', async () => {
		await e2e.page.goto(`${e2e.url}/alerts`);
		await whenLive(e2e.page);
		await e2e.page.getByTestId('rule-name').fill('PII in the last hour');
		await e2e.page.getByTestId('rule-metric').selectOption('pii_per_hour');
		await e2e.page.getByTestId('rule-threshold').fill('0');
		await e2e.page.getByTestId('rule-for').fill('0');
		await e2e.page.getByTestId('rule-severity').selectOption('critical');
		await e2e.page.getByTestId('rule-create').click();
		await expect
			.poll(() => e2e.page.getByTestId('alert-rules').textContent())
			.toContain('PII in the last hour');

		await e2e.writer.lPush(
			KEYS.piiIncidents,
			JSON.stringify({ user_id: 'u', timestamp: new Date().toISOString(), action: 'logged' })
		);
		const toast = e2e.page.getByTestId('toast').filter({ hasText: 'PII in the last hour' });
		await toast.waitFor({ timeout: 10_000 });
		expect(await toast.getAttribute('data-severity')).toBe('critical');
		await expect.poll(() => e2e.page.getByTestId('alert-bell').textContent()).toContain('1');
		await expect
			.poll(() => e2e.page.getByTestId('active-alerts').textContent())
			.toMatch(/critical\s*PII in the last hour\s*firing/);
		await e2e.page.screenshot({ path: 'test-results/screenshots/alerts-1280.png', fullPage: true });
		await e2e.page.waitForTimeout(3_000);
		expect(await toast.count()).toBe(1); // critical toasts stay until dismissed

		await e2e.page
			.getByTestId('active-alerts')
			.getByRole('button', { name: 'Acknowledge' })
			.click();
		await expect
			.poll(() => e2e.page.getByTestId('active-alerts').textContent())
			.toMatch(/acknowledged by local/);
		await toast.getByRole('button', { name: 'Dismiss' }).click();
		expect(await toast.count()).toBe(0);

		await e2e.page.goto(e2e.url);
		await expect
			.poll(() => e2e.page.getByTestId('overview-alerts').textContent(), { timeout: 5_000 })
			.toMatch(/critical: PII in the last hour — firing/);
	});
});
