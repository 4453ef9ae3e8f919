// Single sign-on in Chromium (issue 24): the dashboard's sign-in page → the identity
// provider's own login and consent pages (oidc-provider, its own process) → back on the page
// the user asked for, with the role the groups claim maps to; signing out ends the session at
// the provider too (RP-initiated logout, its confirmation page) and lands on /login. No CSP
// violation on the dashboard's pages.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { oidcEnv, startOidcProvider } from '../../scripts/lib/oidc-process.ts';
import { freePort } from '../../scripts/lib/redis-server.ts';
import { cspWatcher } from '../helpers/browser.ts';
import { useE2E } from '../helpers/e2e.ts';

const idp = await startOidcProvider({
	ada: { groups: ['helix-admins'], teams: ['*'] },
	vic: { groups: ['helix-viewers'], teams: ['*'] }
});
const port = await freePort();
const { violations: cspViolations, watch: watchCsp } = cspWatcher();
const e2e = useE2E({
	redisUrl: () => `${inject('redisUrl')}/6`,
	viewport: null,
	env: { PORT: String(port), ...oidcEnv(idp, `http://127.0.0.1:${port}`) },
	prepare: (w) => w.flushDb().then(() => undefined)
});
afterAll(async () => {
	await e2e.writer.flushDb();
	await idp.stop();
});

const path = (p: Page) => new URL(p.url()).pathname;

/** From a dashboard page, through the provider's pages, back to it. */
async function signIn(login: string, start: string): Promise<Page> {
	const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	page.on('console', watchCsp);
	await page.goto(`${e2e.url}${start}`);
	await expect.poll(() => path(page)).toBe('/login');
	await page.getByTestId('login-sso').click();
	// the provider's development login page, on its own origin
	await page.waitForURL((u) => u.origin === idp.issuer && u.pathname.startsWith('/interaction/'));
	await page.locator('input[name="login"]').fill(login);
	await page.locator('input[name="password"]').fill('whatever the provider asks');
	await page.locator('button[type="submit"]').click();
	// its consent page, the first time this browser signs in to the dashboard
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.waitForURL((u) => u.origin === e2e.url);
	return page;
}

describe('single sign-on in the browser', () => {
	it('signs an admin in through the provider and back to the page asked for', async () => {
		const page = await signIn('ada', '/cache');
		await expect.poll(() => path(page)).toBe('/cache');
		await expect.poll(() => page.getByTestId('who').textContent()).toMatch(/ada\s*\(admin\)/);
		const admin = await page.goto(`${e2e.url}/admin`);
		expect(admin?.status()).toBe(200);
		// the Admin page lists who signed in this way, with a way to end their sessions
		const row = page.getByTestId('sso-users').locator('tr', { hasText: 'ada' });
		await expect.poll(() => row.textContent()).toMatch(/ada\s*admin\s*all/);

		// signing out ends the provider's session too: its confirmation page, then /login
		await page.getByTestId('sign-out').click();
		await page.waitForURL((u) => u.origin === idp.issuer);
		await page.getByRole('button', { name: 'Yes, sign me out' }).click();
		await page.waitForURL((u) => u.origin === e2e.url && u.pathname === '/login');
		const again = await page.goto(`${e2e.url}/cache`);
		expect(new URL(again!.url()).pathname).toBe('/login');
		await page.context().close();
	});

	it('gives a viewer the viewer role: no Admin page', async () => {
		const page = await signIn('vic', '/');
		await expect.poll(() => page.getByTestId('who').textContent()).toMatch(/vic\s*\(viewer\)/);
		const admin = await page.goto(`${e2e.url}/admin`);
		expect(admin?.status()).toBe(403);
		await page.context().close();
	});

	it('shows why when the provider refuses (the user cancels at its login page)', async () => {
		const ctx = await e2e.browser.newContext();
		const page = await ctx.newPage();
		page.on('console', watchCsp);
		await page.goto(`${e2e.url}/login`);
		await page.getByTestId('login-sso').click();
		await page.waitForURL((u) => u.origin === idp.issuer);
		await page.getByRole('link', { name: /cancel/i }).click();
		await page.waitForURL((u) => u.origin === e2e.url && u.pathname === '/login');
		await expect
			.poll(() => page.getByTestId('login-msg').textContent())
			.toMatch(/did not sign you in/);
		await ctx.close();
		expect(cspViolations).toEqual([]);
	});
});
