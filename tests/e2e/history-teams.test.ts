// History for a team-limited account in Chromium (it may open Users, the page scoped to its
// teams): the API refuses it the totals, so the page offers its own teams' series (and leave out what is not kept per team) instead of
// an error — the figures are that team's alone.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Accounts } from '../../src/lib/server/auth/accounts.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { useE2E } from '../helpers/e2e.ts';

const PASSWORD = 'a long enough password';
const H = 3_600_000;
const e2e = useE2E({
	redisUrl: () => `${inject('redisUrl')}/9`,
	viewport: null,
	prepare: async (w) => {
		await w.flushDb();
		const r = await new Accounts(() => w, Date.now).createUser({
			name: 'tess',
			role: 'viewer',
			password: PASSWORD,
			teams: ['eng', 'ops']
		});
		if (!r.ok) throw new Error(r.msg);
		const t0 = Date.now() - 3 * H;
		for (let i = 0; i < 30; i++)
			await w.xAdd(KEYS.events, `${t0 + i * 1000}-0`, {
				model: 'gpt-4o',
				outcome: 'miss',
				latency_ms: '100',
				team: i < 6 ? 'eng' : i < 10 ? 'ops' : 'sales'
			});
	}
});
afterAll(async () => {
	await e2e.writer.flushDb();
});

describe('history for a team-limited account', () => {
	it("shows its teams' series, one team at a time, and no error", async () => {
		const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 1200 } });
		const page = await ctx.newPage();
		await page.goto(`${e2e.url}/login?next=${encodeURIComponent('/users?range=24h')}`);
		await page.getByTestId('login-user').fill('tess');
		await page.getByTestId('login-password').fill(PASSWORD);
		await page.getByTestId('login-submit').click();
		await page.waitForURL(/\/users\?range=24h/);
		await expect
			.poll(() => page.getByTestId('tile-requests').textContent(), { timeout: 15_000 })
			.toBe('6');
		expect(await page.locator('.error').count()).toBe(0);
		expect(await page.getByTestId('history-team').locator('option').allTextContents()).toEqual([
			'eng',
			'ops'
		]);
		await page.getByTestId('history-team').selectOption('ops');
		await expect
			.poll(() => page.getByTestId('tile-requests').textContent(), { timeout: 15_000 })
			.toBe('4');
		await ctx.close();
	});
});
