// The SLO page and the wall's SLO panel in Chromium against the production server (issue 23):
// an honest empty state naming where objectives come from, then an objective made through the
// API and requests written to helix:events — the page's figures arrive by push (no reload),
// and the NOC panel shows the objective.
import { describe, expect, inject, it } from 'vitest';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { useE2E } from '../helpers/e2e.ts';

const e2e = useE2E({
	redisUrl: () => `${inject('redisUrl')}/6`,
	prepare: (w) => w.flushDb().then(() => undefined)
});

describe('SLOs in the browser', () => {
	it('shows the empty state, then an objective whose figures arrive by push', async () => {
		const { page, url, writer } = e2e;
		await page.goto(`${url}/slo`);
		await expect.poll(() => page.getByTestId('slo-empty').textContent()).toMatch(/slos:/);
		const made = await fetch(`${url}/api/slos`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Gateway availability', sli: 'availability', objective: 99 })
		});
		expect(made.status).toBe(201);
		await page.reload();
		await expect.poll(() => page.getByTestId('slo-row').count()).toBe(1);
		// 100 requests with a status, 2 of them errors: 98% against 99%, the budget spent twice
		const batch = writer.multi();
		for (let i = 0; i < 100; i++)
			batch.xAdd(KEYS.events, '*', {
				model: 'gpt-4o',
				outcome: 'miss',
				latency_ms: '120',
				cost_usd: '0.001',
				status: i < 2 ? 'error' : 'ok'
			});
		await batch.exec();
		// no reload: the rollup writer commits, the objectives are recomputed and pushed
		await expect
			.poll(() => page.getByTestId('slo-sli').textContent(), { timeout: 45_000 })
			.toBe('98.00%');
		expect(await page.getByTestId('slo-budget').textContent()).toMatch(/spent \(-100\.00%\)/);
		await page.goto(`${url}/noc?panels=slo`);
		await expect
			.poll(() => page.getByTestId('noc-slo').textContent())
			.toMatch(/Gateway availability\s*98\.00%/);
	}, 90_000);
});
