// The Admin page's Scheduled reports panel in Chromium: the schedule as set, a preview of the
// weekly report (marked, not sent), then "Send now" to a real Slack (HTTP) receiver.
import { afterAll, describe, expect, it } from 'vitest';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { useE2E } from '../helpers/e2e.ts';
import { startHttpReceiver } from '../helpers/receivers.ts';

const slack = await startHttpReceiver();
const e2e = useE2E({
	env: { ALERT_SLACK_WEBHOOK_URL: slack.url, ALERT_RETRIES: '0', TIMEZONE: 'UTC' },
	viewport: { width: 1280, height: 1200 },
	prepare: async (w) => {
		await w.flushDb();
		await w.set(
			'helix-dashboard:report-schedule',
			JSON.stringify({ weekly: { at: '09:00', day: 'monday' } })
		);
		// $2 a day over the 15 days before today: whichever 7 days the last Monday ends, $14
		for (let i = 1; i <= 15; i++) {
			const date = new Date(Date.now() - i * 86_400_000).toISOString().slice(0, 10);
			await w.zAdd(KEYS.spendTotal, { value: date, score: 2 });
		}
	}
});
afterAll(() => slack.close());

describe('Scheduled reports e2e.page in Chromium', () => {
	it('shows the schedule, previews the weekly report and sends it now', async () => {
		await e2e.page.goto(`${e2e.url}/admin`);
		await e2e.page.locator('.shell[data-hydrated]').waitFor();
		expect(await e2e.page.getByTestId('report-schedule').textContent()).toMatch(
			/daily: not scheduled.*weekly: mondays at 09:00.*monthly: not scheduled/s
		);
		await e2e.page.getByTestId('report-kind').selectOption('weekly');
		await e2e.page.getByTestId('report-preview').click();
		await expect
			.poll(() => e2e.page.getByTestId('report-subject').textContent(), { timeout: 5_000 })
			.toMatch(/^\[helix\] \[preview\] Weekly report, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d$/);
		expect(await e2e.page.getByTestId('report-text').textContent()).toMatch(/Spend: \$14\.00/);
		expect(slack.requests).toHaveLength(0); // a preview is not sent
		await e2e.page.getByTestId('report-send').click();
		await expect
			.poll(() => e2e.page.getByTestId('report-message').textContent(), { timeout: 5_000 })
			.toBe('slack: sent');
		expect(slack.requests).toHaveLength(1);
		expect(JSON.parse(slack.requests[0]!.body).text).toMatch(/\[preview\] Weekly report/);
	});
});
