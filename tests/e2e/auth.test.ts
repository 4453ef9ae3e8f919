// Sign-in, roles and display tokens in Chromium against the real server process: the login
// redirect and back, the CSP the pages run under (no violations), controls a viewer does not
// get, the admin page making a wall token, the wall opening with it, and revocation sending
// the wall back to sign-in.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Accounts } from '../../src/lib/server/auth/accounts.ts';
import { cspWatcher } from '../helpers/browser.ts';
import { useE2E } from '../helpers/e2e.ts';

const PASSWORD = 'a long enough password';
const { violations: cspViolations, watch: watchCsp } = cspWatcher();
const e2e = useE2E({
	redisUrl: () => `${inject('redisUrl')}/6`,
	viewport: null,
	prepare: async (w) => {
		await w.flushDb();
		const accounts = new Accounts(() => w, Date.now);
		for (const [name, role] of [
			['ada', 'admin'],
			['vera', 'viewer']
		] as const) {
			const r = await accounts.createUser({ name, role, password: PASSWORD });
			if (!r.ok) throw new Error(r.msg);
		}
	}
});
afterAll(async () => {
	await e2e.writer.flushDb();
});

async function signIn(name: string) {
	const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	page.on('console', watchCsp);
	await page.goto(`${e2e.url}/cache`);
	await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
	await page.getByTestId('login-user').fill(name);
	await page.getByTestId('login-password').fill(PASSWORD);
	await page.getByTestId('login-submit').click();
	// a sign-in checks a scrypt hash (N = 2^17) and loads the page: on a busy 2-core runner that
	// took longer than expect.poll's default second once, so wait for the navigation itself
	await expect.poll(() => new URL(page.url()).pathname, { timeout: 10_000 }).toBe('/cache'); // back where it started
	return { ctx, page };
}

describe('sign-in and roles in the browser', () => {
	it('refuses a wrong password with a sentence, then signs in and comes back to the page', async () => {
		const ctx = await e2e.browser.newContext();
		const page = await ctx.newPage();
		page.on('console', watchCsp);
		const res = await page.goto(`${e2e.url}/login?next=/system`);
		expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/);
		await page.getByTestId('login-user').fill('ada');
		await page.getByTestId('login-password').fill('not the password');
		await page.getByTestId('login-submit').click();
		await expect
			.poll(() => page.getByTestId('login-msg').textContent())
			.toBe('wrong user name or password');
		await page.getByTestId('login-password').fill(PASSWORD);
		await page.getByTestId('login-submit').click();
		await expect.poll(() => new URL(page.url()).pathname).toBe('/system');
		await expect.poll(() => page.getByTestId('who').textContent()).toMatch(/ada\s*\(admin\)/);
		await expect
			.poll(() => page.getByTestId('link-status').textContent(), { timeout: 10_000 })
			.toBe('live');
		await page.getByTestId('sign-out').click();
		await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
		await ctx.close();
	});

	it('shows a viewer no controls it may not use, and refuses the admin page', async () => {
		const { ctx, page } = await signIn('vera');
		await expect
			.poll(() => page.locator('main').textContent())
			.toMatch(/Flushing the cache needs the admin role/);
		expect(await page.getByRole('button', { name: /Export/ }).count()).toBe(0);
		expect(await page.locator('header nav').getByText('Admin').count()).toBe(0);
		const admin = await page.goto(`${e2e.url}/admin`);
		expect(admin?.status()).toBe(403);
		expect(await page.textContent('body')).toMatch(/this needs the admin role; vera is viewer/);
		await ctx.close();
	});

	it('makes a display token on the admin page; the wall opens with it and is cut when it is revoked', async () => {
		const { ctx, page } = await signIn('ada');
		await page.goto(`${e2e.url}/admin`);
		await page.getByTestId('token-name').fill('ops wall');
		await page.getByTestId('token-add').click();
		const token = (await page.getByTestId('new-token').textContent())!.trim();
		expect(token).toMatch(/^hdt_/);

		const wallCtx = await e2e.browser.newContext({ viewport: { width: 1920, height: 1080 } });
		const wall = await wallCtx.newPage();
		wall.on('console', watchCsp);
		await wall.goto(`${e2e.url}/noc?token=${token}&dwell=30`);
		expect(new URL(wall.url()).search).toBe('?dwell=30'); // the token is gone from the address bar
		await expect
			.poll(() => wall.getByTestId('noc').getAttribute('data-panel'), { timeout: 10_000 })
			.toBe('overview');
		// the wall's session is read-only: the API refuses it everything but the wall's own needs
		expect(await wall.evaluate(async () => (await fetch('/api/snapshot')).status)).toBe(403);

		await page.reload();
		await page.getByRole('button', { name: 'Revoke' }).click();
		await expect.poll(() => new URL(wall.url()).pathname, { timeout: 10_000 }).toBe('/login');
		await page.goto(`${e2e.url}/admin`);
		await expect.poll(() => page.getByTestId('audit-table').textContent()).toMatch(/token\.revoke/);
		await wallCtx.close();
		await ctx.close();
	});

	it('ran every page above without a single Content-Security-Policy violation', () => {
		expect(cspViolations).toEqual([]);
	});
});

describe('the login page (issue 19)', () => {
	it('never leaves the origin after sign-in, whatever next says', async () => {
		const origin = new URL(e2e.url).origin;
		for (const next of ['/%09/evil.example/c', '/%0a/evil.example/c', '/%0d/evil.example/c']) {
			const ctx = await e2e.browser.newContext();
			const page = await ctx.newPage();
			await page.goto(`${e2e.url}/login?next=${next}`);
			await page.getByTestId('login-user').fill('vera');
			await page.getByTestId('login-password').fill(PASSWORD);
			await page.getByTestId('login-submit').click();
			// a sign-in checks a scrypt hash (N = 2^17): seconds on a busy 2-core machine
			await expect.poll(() => page.getByTestId('who').count(), { timeout: 10_000 }).toBe(1);
			expect(new URL(page.url()).origin, next).toBe(origin);
			expect(new URL(page.url()).pathname, next).toBe('/');
			await ctx.close();
		}
	});

	it('lets a signed-in user sign in as someone else (the form sends its CSRF token)', async () => {
		const { ctx, page } = await signIn('vera');
		await page.goto(`${e2e.url}/login?next=/admin`);
		await page.getByTestId('login-user').fill('ada');
		await page.getByTestId('login-password').fill(PASSWORD);
		await page.getByTestId('login-submit').click();
		await expect.poll(() => new URL(page.url()).pathname).toBe('/admin');
		await expect.poll(() => page.getByTestId('who').textContent()).toMatch(/ada\s*\(admin\)/);
		await ctx.close();
	});
});
