// Issue 21, item 10: the first paint shows the server's state. The page as the server
// renders it (JavaScript off) says "live", Redis connected and the gateway's last write as of
// this request — not the first request the server ever rendered — and in a live browser the
// badge never shows "stale" or "connecting" while the socket connects.
import { describe, expect, inject, it } from 'vitest';
import { recordRequest } from '../../src/lib/recorder/recorder.ts';
import { useE2E } from '../helpers/e2e.ts';

const e2e = useE2E({
	redisUrl: () => `${inject('redisUrl')}/14`,
	env: { REFRESH_INTERVAL: '1' },
	viewport: null,
	prepare: (w) => w.flushDb().then(() => {})
});

async function served(path: string) {
	const ctx = await e2e.browser.newContext({ javaScriptEnabled: false });
	const page = await ctx.newPage();
	await page.goto(`${e2e.url}${path}`);
	const text = async (id: string) => (await page.getByTestId(id).textContent())?.trim();
	const out = {
		link: await text('link-status'),
		redis: await text('health-redis'),
		gateway: await text('health-gateway')
	};
	await ctx.close();
	return out;
}

describe('first paint', () => {
	it('renders the server state of this very request', async () => {
		const before = await served('/');
		expect(before).toEqual({
			link: 'live',
			redis: 'Redis: connected',
			gateway: 'Gateway last wrote: no write seen yet'
		});
		await recordRequest(e2e.writer, {
			model: 'm',
			user: 'u',
			outcome: 'miss',
			latencyMs: 5,
			costUsd: 0.01
		});
		await expect
			.poll(async () => (await served('/')).gateway, { timeout: 10_000 })
			.toMatch(/^Gateway last wrote: \d/);
	});

	it('never shows "stale" or "connecting" while a live page connects', async () => {
		const ctx = await e2e.browser.newContext();
		const page = await ctx.newPage();
		// every text the badge has, from the first parse on
		await page.addInitScript(() => {
			const seen: string[] = [];
			(window as unknown as { seen: string[] }).seen = seen;
			const note = () => {
				const t = document.querySelector('[data-testid=link-status]')?.textContent?.trim();
				if (t && seen.at(-1) !== t) seen.push(t);
			};
			new MutationObserver(note).observe(document, {
				subtree: true,
				childList: true,
				characterData: true
			});
		});
		await page.goto(`${e2e.url}/`);
		await page.waitForTimeout(3_000);
		const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
		expect(seen).toEqual(['live']);
		await ctx.close();
	});

	it('turns sign-in on in one step: create the admin, signed in as it, done (item 11)', async () => {
		// a first account that is not an admin would lock everyone out of Admin
		const viewer = await fetch(`${e2e.url}/api/accounts`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'vic', role: 'viewer', password: 'a long enough password' })
		});
		expect(viewer.status).toBe(400);
		expect((await viewer.json()).error).toMatch(/the first account must be an admin/);

		const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
		const page = await ctx.newPage();
		await page.goto(`${e2e.url}/admin`);
		await expect
			.poll(() => page.getByTestId('first-admin-hint').textContent())
			.toMatch(/Sign-in is off/);
		expect(await page.getByTestId('acct-role').count()).toBe(0);
		await page.getByTestId('acct-name').fill('alice');
		await page.getByTestId('acct-password').fill('a long enough password');
		await page.getByTestId('acct-add').click();
		// two scrypt computations (the new hash, then the sign-in): seconds on a busy machine
		await expect.poll(() => page.getByTestId('who').count(), { timeout: 30_000 }).toBe(1);
		expect(await page.getByTestId('who').textContent()).toMatch(/alice\s*\(admin\)/);
		expect(new URL(page.url()).pathname).toBe('/admin');
		await expect.poll(() => page.getByTestId('accounts').textContent()).toMatch(/alice/);
		await expect
			.poll(() => page.getByTestId('link-status').textContent(), { timeout: 10_000 })
			.toBe('live');
		await page.screenshot({ path: 'test-results/screenshots/first-admin-signed-in.png' });
		// and it stays there: the socket carries the new session, nothing sends it to sign-in
		await page.waitForTimeout(4_000);
		expect(new URL(page.url()).pathname).toBe('/admin');
		await ctx.close();
	});
});
