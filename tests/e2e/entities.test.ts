// Entity pages (issue 18) in Chromium: a model's, a team's and a user's page show what was
// written (hand-computed here), ids with slashes and colons work, an unknown id says so, the
// names on the pages link to them (and every such link resolves), the header search finds
// them, and a team-limited account opens only its teams' users and teams.
import { describe, expect, inject, it, beforeAll } from 'vitest';
import { recordRequest } from '../../src/lib/recorder/recorder.ts';
import { Accounts } from '../../src/lib/server/auth/accounts.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { login, PASSWORD } from '../helpers/auth.ts';
import { useE2E } from '../helpers/e2e.ts';

const MODEL = 'openai/gpt-4o';
const USER = 'svc:batch/01';
const e2e = useE2E({
	redisUrl: () => `${inject('redisUrl')}/2`,
	env: { REFRESH_INTERVAL: '1' },
	prepare: async (w) => {
		await w.flushDb();
		const accounts = new Accounts(() => w, Date.now);
		for (const [name, role, teams] of [
			['ops', 'admin', undefined],
			['tess', 'viewer', ['blue']]
		] as const) {
			const r = await accounts.createUser({
				name,
				role,
				password: PASSWORD,
				...(teams ? { teams: [...teams] } : {})
			});
			if (!r.ok) throw new Error(r.msg);
		}
		for (let i = 0; i < 4; i++)
			await recordRequest(w, {
				model: MODEL,
				user: USER,
				team: 'red',
				outcome: i < 2 ? 'exact' : 'miss',
				latencyMs: 100,
				costUsd: i < 2 ? 0 : 1.25,
				savedUsd: i < 2 ? 0.5 : 0,
				tokensIn: 1_000,
				tokensOut: 250
			});
		await recordRequest(w, {
			model: 'm',
			user: 'bo',
			team: 'blue',
			outcome: 'miss',
			latencyMs: 9,
			costUsd: 0.1
		});
		await w.lPush(
			KEYS.piiIncidents,
			JSON.stringify({
				user_id: USER,
				timestamp: new Date().toISOString(),
				entity_type: 'EMAIL_ADDRESS',
				action: 'redacted',
				content_preview: 'mail leak.victim@example.org please'
			})
		);
	}
});

const LINKS = 'main a[href*="/models/"], main a[href*="/users/"], main a[href*="/teams/"]';
const cookies = async (name: string) => {
	const c = await login({ baseUrl: e2e.url }, name);
	return c.cookie!;
};

beforeAll(async () => {
	const [name, value] = (await cookies('ops')).split('=');
	await e2e.page.context().addCookies([{ name: name!, value: value!, url: e2e.url }]);
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
		// every request took 100 ms (the sketch is within 2%); $1.25 for 1,250 tokens a miss
		expect(await page.getByTestId('model-latency').textContent()).toMatch(
			/^(9[89]|10[0-2])(\.\d+)? ms$/
		);
		expect(await page.getByTestId('model-price').textContent()).toBe('$1,000.00');
		await expect.poll(() => page.getByTestId('tail-row').count()).toBe(4);
		await page.screenshot({ path: 'test-results/screenshots/model-page.png', fullPage: true });
	});

	it("shows a team's members and figures, and an unknown id honestly", async () => {
		const { page, url } = e2e;
		await page.goto(`${url}/teams/red`);
		expect(await page.getByTestId('team-members').textContent()).toContain(USER);
		await expect.poll(() => page.getByTestId('team-spend').textContent()).toBe('$2.50');
		await expect.poll(() => page.getByTestId('tail-row').count()).toBe(4);
		for (const path of ['/models/None', '/teams/nobody', '/models/no%2Fsuch', '/users/None']) {
			const r = await page.goto(url + path);
			expect(r?.status(), path).toBe(200);
			expect(await page.getByTestId('entity-unknown').textContent(), path).toMatch(/No data for/);
		}
	});

	it("shows a user's figures, team, incidents (redacted) and requests", async () => {
		const { page, url } = e2e;
		const res = await page.goto(`${url}/users/${USER}`);
		expect(res?.status()).toBe(200);
		expect(await page.getByTestId('entity-title').textContent()).toContain(USER);
		expect(await page.getByTestId('user-spend').textContent()).toBe('$2.50');
		expect(await page.getByTestId('user-requests').textContent()).toBe('4');
		expect(await page.getByTestId('user-hit-rate').textContent()).toBe('50.00%');
		expect(await page.getByTestId('user-incidents-count').textContent()).toBe('1');
		const incidents = (await page.getByTestId('user-incidents').textContent()) ?? '';
		expect(incidents).toContain('[EMAIL_ADDRESS]');
		expect(incidents).not.toContain('leak.victim');
		await expect.poll(() => page.getByTestId('tail-row').count()).toBe(4);
		// the range's figures from helix:events (24 h by default): 4 requests, 2 of them exact
		// hits, 100 ms each, 1,250 tokens each, all with status ok
		expect(await page.getByTestId('user-range-requests').textContent()).toBe('4');
		expect(await page.getByTestId('user-range-hit-rate').textContent()).toBe('50.00%');
		expect(await page.getByTestId('user-range-spend').textContent()).toBe('$2.50');
		expect(await page.getByTestId('user-range-latency').textContent()).toMatch(
			/^(9[89]|10[0-2])(\.\d+)? ms$/
		);
		expect(await page.getByTestId('user-range-tokens').textContent()).toBe('5,000');
		expect(await page.getByTestId('user-range-errors').textContent()).toBe('0.00%');
		await page.getByTestId('user-team').getByRole('link', { name: 'red' }).click();
		await page.waitForURL('**/teams/red');
		await page.screenshot({ path: 'test-results/screenshots/team-page.png', fullPage: true });
	});

	it('links names on the pages to their pages, and every such link resolves', async () => {
		const { page, url } = e2e;
		await page.goto(`${url}/cache`);
		await page.getByTestId('cache-per-model').getByRole('link', { name: MODEL }).click();
		await page.waitForURL(`**/models/${MODEL}`);
		// a request of the model → its side panel → the user's page
		await page.getByTestId('tail-row').first().click();
		await page.getByTestId('tail-detail-user').getByRole('link', { name: USER }).click();
		await page.waitForURL(`**/users/${USER}`);
		expect(await page.getByTestId('entity-title').textContent()).toContain(USER);
		const hrefs = new Set<string>();
		for (const path of ['/cost', '/cache', '/users', '/security']) {
			await page.goto(url + path);
			const links = page.locator(LINKS);
			await links
				.first()
				.waitFor({ timeout: 15_000 })
				.catch((e: Error) => {
					throw new Error(`${path}: no entity link (${e.message.split('\n')[0]})`);
				});
			for (const h of await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href)))
				hrefs.add(h);
		}
		expect([...hrefs].some((h) => h.includes('/users/'))).toBe(true);
		const cookie = await cookies('ops');
		for (const h of hrefs) {
			const r = await fetch(h, { headers: { cookie } });
			expect(r.status, h).toBe(200);
			expect(await r.text(), h).not.toContain('entity-unknown');
		}
	});

	it("finds a user from the header's search ('/' focuses it)", async () => {
		const { page, url } = e2e;
		await page.goto(`${url}/cost`);
		await page.locator('body').click();
		await page.keyboard.press('/');
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
			.toBe('find');
		await page.keyboard.type('batch');
		const hit = page.getByTestId('find-result').filter({ hasText: USER });
		await hit.waitFor({ timeout: 10_000 });
		await page.keyboard.press('Enter');
		await page.waitForURL(`**/users/${USER}`);
		await page.getByTestId('find').fill('gpt');
		await page.getByTestId('find-result').filter({ hasText: MODEL }).click();
		await page.waitForURL(`**/models/${MODEL}`);
	});

	it('keeps range, group, sort and filters in the query string; back walks through them', async () => {
		const { page, url } = e2e;
		await page.goto(`${url}/cost`);
		await page.getByTestId('range-7').click();
		await page.waitForURL(/\/cost\?days=7$/);
		await page.getByTestId('cost-models').getByRole('button', { name: 'spend' }).click();
		// sorted by spend, largest first, already: the first click turns it round
		await page.waitForURL(/sort\.cost-models=spendUsd/);
		await page.getByTestId('cost-models').getByRole('button', { name: 'spend' }).click();
		await page.waitForURL(/sort\.cost-models=-spendUsd/);
		// a link reproduces the view
		await page.reload();
		expect(await page.getByTestId('range-7').getAttribute('aria-pressed')).toBe('true');
		expect(
			await page.getByTestId('cost-models').locator('th[aria-sort="descending"]').textContent()
		).toContain('spend');
		// the back button walks back: ascending, the default sort, 30 days
		await page.goBack();
		await page.waitForURL(/sort\.cost-models=spendUsd/);
		await page.goBack();
		await page.waitForURL(/\/cost\?days=7$/);
		await page.goBack();
		await page.waitForURL(/\/cost$/);
		expect(await page.getByTestId('range-30').getAttribute('aria-pressed')).toBe('true');
		await page.goto(`${url}/users?days=90`);
		expect(await page.getByTestId('users-range-90').getAttribute('aria-pressed')).toBe('true');
		await page.goto(`${url}/alerts?severity=critical`);
		expect(await page.getByTestId('history-severity').inputValue()).toBe('critical');
	});

	it("lets a team-limited account open only its teams' users and teams", async () => {
		const cookie = await cookies('tess');
		const get = (path: string) => fetch(e2e.url + path, { headers: { cookie } });
		expect((await get('/users/bo')).status).toBe(200);
		expect((await get('/teams/blue')).status).toBe(200);
		for (const path of [`/users/${USER}`, '/teams/red', `/models/${MODEL}`, '/users/nobody']) {
			const r = await get(path);
			expect(r.status, path).toBe(403);
		}
	});
});
