// What a new operator met in the first hour (issue 21, item 12), in Chromium: the activity
// heatmap says which hour each column is and what its shades mean, empty lists say why they
// are empty, "(classified)" in the incident feed is explained (item 12), and the user search
// says one thing for an empty query and when its answer is cut (item 14), tables sort from
// anywhere in a header, text A→Z first (item 13), and the pages fit one row at 1440 px (15).
import { describe, expect, inject, it } from 'vitest';
import { recordRequest } from '../../src/lib/recorder/recorder.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { useE2E } from '../helpers/e2e.ts';

const e2e = useE2E({
	redisUrl: () => `${inject('redisUrl')}/10`,
	viewport: { width: 1280, height: 1200 },
	prepare: async (w) => {
		await w.flushDb();
		for (let i = 0; i < 12; i++)
			await w.xAdd(KEYS.events, '*', {
				model: 'gpt-4o',
				user: `u${i % 3}`,
				outcome: 'miss',
				latency_ms: '90'
			});
		for (let i = 0; i < 55; i++)
			await recordRequest(w, {
				model: 'gpt-4o',
				user: `user-${String(i).padStart(2, '0')}`,
				outcome: 'miss',
				latencyMs: 80,
				costUsd: 0.01
			});
		// no entity_type: the dashboard classifies the (redacted) text itself
		await w.lPush(
			KEYS.piiIncidents,
			JSON.stringify({
				user_id: 'u1',
				timestamp: new Date().toISOString(),
				action: 'redacted',
				content_preview: 'mail carol@example.com'
			})
		);
	}
});

describe('the first hour of a new operator', () => {
	it('labels the heatmap, explains empty lists and "(classified)", and words the search', async () => {
		const { page, url } = e2e;
		await page.goto(`${url}/users`);
		const hours = page.getByTestId('heatmap-hours');
		await hours.waitFor({ timeout: 15_000 });
		const labels = (await hours.locator('[role=columnheader]').allTextContents()).filter(Boolean);
		expect(labels).toEqual(['hour', '00', '03', '06', '09', '12', '15', '18', '21']);
		expect(await page.getByTestId('heatmap-legend').textContent()).toMatch(
			/0.*requests in that hour of the week/
		);
		await page
			.getByTestId('heatmap')
			.screenshot({ path: 'test-results/screenshots/heatmap-labelled.png' });
		expect(await page.getByTestId('changes-empty').textContent()).toContain(
			'No group or budget has been changed yet'
		);

		// search (item 14): an empty query is one sentence, and a full answer says it is cut
		await page.getByTestId('user-search').fill('');
		await page.getByRole('button', { name: 'Search' }).click();
		await expect
			.poll(() => page.locator('.error').textContent())
			.toContain('at least one character');
		expect(await page.getByTestId('search-results').count()).toBe(0);
		await page.getByTestId('user-search').fill('user-');
		await page.getByRole('button', { name: 'Search' }).click();
		await expect
			.poll(() => page.getByTestId('search-cut').textContent())
			.toContain('The first 50 matching users');
		expect(await page.locator('.error').count()).toBe(0);
		// sorting (item 13): anywhere in a header, and a text column A→Z first
		const header = page.getByTestId('search-results').locator('th').first();
		const box = (await header.boundingBox())!;
		await page.mouse.click(box.x + box.width - 4, box.y + box.height / 2); // not on its text
		expect(await header.getAttribute('aria-sort')).toBe('ascending');
		const firstUsers = await page
			.getByTestId('search-results')
			.locator('tbody tr td:first-child')
			.allTextContents();
		expect(firstUsers.slice(0, 3)).toEqual(
			[...firstUsers].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).slice(0, 3)
		);

		// one row of pages at 1440 px (item 15)
		await page.setViewportSize({ width: 1440, height: 900 });
		const tops = await page
			.locator('header nav a')
			.evaluateAll((as) => as.map((a) => Math.round(a.getBoundingClientRect().top)));
		expect(tops.length).toBeGreaterThan(5);
		expect(new Set(tops).size).toBe(1);
		await page.setViewportSize({ width: 1280, height: 1200 });

		await page.goto(`${url}/alerts`);
		await expect
			.poll(() => page.getByTestId('alert-history-empty').textContent(), { timeout: 10_000 })
			.toContain('No alert has fired or resolved yet');

		await page.goto(`${url}/security`);
		await expect
			.poll(() => page.getByTestId('classified-note').textContent(), { timeout: 10_000 })
			.toContain('the gateway recorded no entity type');
	});

	it('filters the Users KPIs and top tables to a chosen group (item 14)', async () => {
		const { page, url } = e2e;
		const res = await fetch(`${url}/api/groups`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'pair', users: ['user-01', 'user-02'] })
		});
		expect(res.status).toBe(201);
		await page.goto(`${url}/users`);
		await expect.poll(() => page.getByTestId('users-count').textContent()).toBe('55');
		await page.getByTestId('group-select').selectOption({ label: 'pair (2)' });
		await expect.poll(() => page.getByTestId('users-count').textContent()).toBe('2');
		expect(await page.getByTestId('users-active').textContent()).toBe('2');
		expect(await page.getByText('Users in pair').count()).toBe(1);
		const listed = await page
			.getByTestId('top-spend')
			.locator('tbody tr td:first-child')
			.allTextContents();
		expect(listed.toSorted()).toEqual(['user-01', 'user-02']);
		expect(await page.getByTestId('group-filter').textContent()).toMatch(
			/Showing group “pair” only/
		);
		await page.getByTestId('group-filter').getByRole('button', { name: 'Show everyone' }).click();
		await expect.poll(() => page.getByTestId('users-count').textContent()).toBe('55');
	});
});
