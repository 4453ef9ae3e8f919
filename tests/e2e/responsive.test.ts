// Every page at phone, tablet, laptop, desktop and 4K widths: no horizontal scrolling, the
// navigation collapses on phones, and the theme toggle persists. Screenshots are kept in
// test-results/screenshots/ (CI artifacts).
import { describe, expect, it } from 'vitest';
import { recordIncident, recordRequest } from '../../src/lib/recorder/recorder.ts';
import { useE2E } from '../helpers/e2e.ts';
import { whenLive } from '../helpers/browser.ts';

const SHOTS = 'test-results/screenshots';
const WIDTHS = [375, 768, 1280, 1920, 3840];
const PAGES = [
	'/',
	'/cost',
	'/cache',
	'/security',
	'/users',
	'/system',
	'/alerts',
	'/admin',
	'/login'
];
const e2e = useE2E({
	viewport: null,
	prepare: async (w) => {
		for (let i = 0; i < 30; i++) {
			await recordRequest(w, {
				model: ['gpt-4o', 'claude-3-5-sonnet-20241022-long-model-name'][i % 2]!,
				user: `user-with-a-long-identifier-${i % 7}@example-corp`,
				team: `team-${i % 3}`,
				outcome: i % 3 ? 'miss' : 'exact',
				latencyMs: 100 + i,
				similarity: 0.8,
				costUsd: i % 3 ? 0.5 : 0,
				savedUsd: i % 3 ? 0 : 0.5
			});
		}
		await recordIncident(w, {
			user: 'u1',
			action: 'redacted',
			contentPreview: `a long preview ${'x'.repeat(90)} mail me at someone@example.com`
		});
	}
});

describe('responsive layout', () => {
	it('has no horizontal overflow on any page at any width', async () => {
		const overflow: string[] = [];
		for (const width of WIDTHS) {
			const page = await e2e.browser.newPage({
				viewport: { width, height: width < 800 ? 800 : 1000 }
			});
			for (const path of PAGES) {
				await page.goto(e2e.url + path);
				// the sign-in page has no live feed
				if (path !== '/login') await whenLive(page);
				await page.waitForTimeout(150); // charts lay out
				const { scroll, inner } = await page.evaluate(() => ({
					scroll: document.documentElement.scrollWidth,
					inner: window.innerWidth
				}));
				if (scroll > inner) overflow.push(`${path} at ${width}px: ${scroll} > ${inner}`);
				await page.screenshot({
					path: `${SHOTS}/${path === '/' ? 'overview' : path.slice(1)}-${width}.png`,
					fullPage: width <= 1920
				});
			}
			await page.close();
		}
		expect(overflow).toEqual([]);
	});

	it('shows table rows as cards on a phone, every cell in view, and the NOC numbers whole (issue 21, item 7)', async () => {
		const page = await e2e.browser.newPage({ viewport: { width: 375, height: 812 } });
		const cut: string[] = [];
		for (const [path, table] of [
			['/security', 'incident-feed'],
			['/cache', 'cache-per-model'],
			['/cost', null]
		] as const) {
			await page.goto(e2e.url + path);
			await whenLive(page);
			if (table) await page.getByTestId(table).locator('tbody tr').first().waitFor();
			cut.push(
				...(await page.evaluate(() =>
					[...document.querySelectorAll('main table td')].flatMap((td) => {
						const r = td.getBoundingClientRect();
						const box = td.closest('table')!.parentElement!;
						return r.width > 0 &&
							(r.right > window.innerWidth + 1 || box.scrollWidth > box.clientWidth + 1)
							? [
									`${location.pathname}: ${td.getAttribute('data-label')} at ${Math.round(r.right)} px`
								]
							: [];
					})
				))
			);
			await page.screenshot({
				path: `${SHOTS}/cards${path.replace('/', '-')}-375.png`,
				fullPage: true
			});
		}
		await page.goto(`${e2e.url}/noc?panels=overview,cost&dwell=60`);
		await page.getByTestId('noc-requests').waitFor();
		cut.push(
			...(await page.evaluate(() =>
				[...document.querySelectorAll('[data-testid=noc] .tile p')].flatMap((p) =>
					p.scrollWidth > p.clientWidth + 1 ||
					p.getBoundingClientRect().right > window.innerWidth + 1
						? [`/noc: "${p.textContent}" cut`]
						: []
				)
			))
		);
		await page.screenshot({ path: `${SHOTS}/noc-375.png` });
		expect(cut).toEqual([]);
		await page.close();
	});

	it('collapses the navigation behind a menu button on a phone', async () => {
		const page = await e2e.browser.newPage({ viewport: { width: 375, height: 800 } });
		await page.goto(e2e.url);
		await whenLive(page);
		const nav = page.getByRole('navigation', { name: 'Pages' });
		expect(await nav.isVisible()).toBe(false);
		await page.getByTestId('nav-toggle').click();
		await expect.poll(() => nav.isVisible()).toBe(true);
		await nav.getByRole('link', { name: 'Security' }).click();
		await page.waitForURL('**/security');
		await expect.poll(() => nav.isVisible()).toBe(false);
		await page.close();
	});

	it('switches theme and keeps the choice across a reload', async () => {
		const page = await e2e.browser.newPage();
		await page.goto(e2e.url);
		await whenLive(page);
		const theme = () => page.locator('.shell').getAttribute('data-theme');
		expect(await theme()).toBe('dark');
		await page.getByTestId('theme-toggle').click();
		await expect.poll(theme).toBe('light');
		const bg = await page.evaluate(
			() => getComputedStyle(document.querySelector('.shell')!).backgroundColor
		);
		expect(bg).toBe('rgb(246, 247, 251)');
		await page.reload();
		await whenLive(page);
		await expect.poll(theme).toBe('light');
		await page.screenshot({ path: `${SHOTS}/overview-light-1280.png` });
		await page.close();
	});
});
