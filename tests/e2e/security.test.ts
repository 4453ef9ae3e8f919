// The Security page in Chromium: a new incident appears at the top of the feed without a
// reload, redacted, and the page never contains the raw value.
import { describe, expect, it } from 'vitest';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { useE2E } from '../helpers/e2e.ts';
import { whenLive } from '../helpers/browser.ts';

const e2e = useE2E({ env: { REFRESH_INTERVAL: '1' } });

describe('Security e2e.page in Chromium', () => {
	it('shows a new incident live, redacted, at the top of the feed', async () => {
		await e2e.writer.del(KEYS.piiIncidents);
		await e2e.page.goto(`${e2e.url}/security`);
		await whenLive(e2e.page);
		await expect
			.poll(() => e2e.page.getByTestId('incident-total').textContent(), { timeout: 5_000 })
			.toBe('0');
		await e2e.writer.lPush(
			KEYS.piiIncidents,
			JSON.stringify({
				user_id: 'u9',
				timestamp: new Date(Date.now() - 5_000).toISOString(),
				action: 'redacted',
				content_preview: 'older one'
			})
		);
		await e2e.writer.lPush(
			KEYS.piiIncidents,
			JSON.stringify({
				user_id: 'u7',
				timestamp: new Date().toISOString(),
				action: 'logged',
				content_preview: 'card 4111 1111 1111 1111 for carol@example.com'
			})
		);
		await expect
			.poll(() => e2e.page.getByTestId('incident-total').textContent(), { timeout: 5_000 })
			.toBe('2');
		const first = e2e.page.getByTestId('incident-feed').locator('tbody tr').first();
		await expect
			.poll(() => first.textContent())
			.toContain('card [CREDIT_CARD] for [EMAIL_ADDRESS]');
		const html = await e2e.page.content();
		expect(html).not.toContain('4111 1111 1111 1111');
		expect(html).not.toContain('carol@example.com');
		await expect
			.poll(() => e2e.page.getByTestId('regulations').textContent())
			.toMatch(/PCI-DSS\s*attention/);
		// one place configures notifications: the settings point to the alert channels (issue 21, item 8)
		const notes = e2e.page.getByTestId('settings-notifications');
		expect(await notes.locator('a').getAttribute('href')).toBe('/alerts');
		expect(await e2e.page.content()).not.toContain('once the alert system exists');
		await e2e.page.screenshot({
			path: 'test-results/screenshots/security-1280.png',
			fullPage: true
		});
	});
});
