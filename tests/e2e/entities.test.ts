// Entity pages (issue 18, first part) in Chromium: a model's and a team's page show what was
// written (hand-computed here), ids with slashes and colons work, an unknown id says so, and
// the Cache table's model names link to their pages.
import { describe, expect, inject, it } from 'vitest';
import { recordRequest } from '../../src/lib/recorder/recorder.ts';
import { useE2E } from '../helpers/e2e.ts';

const MODEL = 'openai/gpt-4o';
const USER = 'svc:batch/01';
const e2e = useE2E({
	redisUrl: () => `${inject('redisUrl')}/2`,
	env: { REFRESH_INTERVAL: '1' },
	prepare: async (w) => {
		await w.flushDb();
		for (let i = 0; i < 4; i++)
			await recordRequest(w, {
				model: MODEL,
				user: USER,
				team: 'red',
				outcome: i < 2 ? 'exact' : 'miss',
				latencyMs: 100,
				costUsd: i < 2 ? 0 : 1.25,
				savedUsd: i < 2 ? 0.5 : 0
			});
	}
});

describe('entity pages', () => {
	it("shows a model's figures, latest requests and budgets; a slash in its name works", async () => {
		const { page, url } = e2e;
		const res = await page.goto(`${url}/models/${MODEL}`);
		expect(res?.status()).toBe(200);
		expect(await page.getByTestId('entity-title').textContent()).toContain(MODEL);
		// 2 misses at $1.25: $2.50 this month; 4 requests in the window, 2 of them hits
		await expect.poll(() => page.getByTestId('model-spend').textContent()).toBe('$2.50');
		await expect.poll(() => page.getByTestId('model-requests').textContent()).toBe('4');
		expect(await page.getByTestId('model-hit-rate').textContent()).toBe('50.00%');
		await expect.poll(() => page.getByTestId('tail-row').count()).toBe(4);
		await page.screenshot({ path: 'test-results/screenshots/model-page.png', fullPage: true });
	});

	it("shows a team's members and figures, and an unknown id honestly", async () => {
		const { page, url } = e2e;
		await page.goto(`${url}/teams/red`);
		expect(await page.getByTestId('team-members').textContent()).toContain(USER);
		await expect.poll(() => page.getByTestId('team-spend').textContent()).toBe('$2.50');
		await expect.poll(() => page.getByTestId('tail-row').count()).toBe(4);
		for (const path of ['/models/None', '/teams/nobody', '/models/no%2Fsuch']) {
			const r = await page.goto(url + path);
			expect(r?.status(), path).toBe(200);
			expect(await page.getByTestId('entity-unknown').textContent(), path).toMatch(/No data for/);
		}
	});

	it('links a model name in the Cache table to its page', async () => {
		const { page, url } = e2e;
		await page.goto(`${url}/cache`);
		await page.getByTestId('cache-per-model').getByRole('link', { name: MODEL }).click();
		await page.waitForURL(`**/models/${MODEL}`);
		expect(await page.getByTestId('entity-title').textContent()).toContain(MODEL);
	});
});
