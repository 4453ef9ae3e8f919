// Single sign-on against a real OpenID Connect provider (oidc-provider in its own process),
// through its own login and consent pages, as a browser would (issue 24): each role from the
// groups claim, team limits, a user moved between groups gets the new role at the next
// sign-in, a tampered state or nonce and a replayed callback are refused, sessions are
// revoked and audited like a password's, RP-initiated logout, lockout, a provider that is
// down and passwords switched off get a sentence — never a 500.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../scripts/lib/redis-server.ts';
import { startServerProcess, type ServerProcess } from '../../scripts/lib/server-process.ts';
import {
	oidcEnv,
	startOidcProvider,
	type OidcProcess,
	type ProviderAccount
} from '../../scripts/lib/oidc-process.ts';
import { SSO_ERRORS } from '../../src/lib/shared/protocol/sso.ts';
import { addAccount, call, login, type Caller } from '../helpers/auth.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { CookieJar, ssoSignIn } from '../helpers/oidc.ts';

const REDIS = () => `${inject('redisUrl')}/1`;
const PEOPLE: Record<string, ProviderAccount> = {
	ada: { groups: ['staff', 'helix-admins'], teams: ['*'] },
	otto: { groups: ['helix-operators'], teams: ['*'] },
	vic: { groups: ['helix-viewers', 'helix-unrelated'], teams: ['*'] },
	tess: { groups: ['helix-viewers'], teams: ['red'] },
	nobody: { groups: ['staff'], teams: ['*'] },
	noteams: { groups: ['helix-viewers'], teams: [] },
	// the provider lets a user pick their preferred_username: never a local account's
	mallory: { groups: ['helix-viewers'], teams: ['*'], username: 'root' }
};

// started while the file loads (no hook timeout): the first run may install Node 24 for it
const idp: OidcProcess = await startOidcProvider(PEOPLE);
let h: Harness;

async function whoAmI(cookie: string | null) {
	const r = await call(h, { name: '?', cookie, csrf: null }, 'GET', '/api/auth/session');
	return (
		(await r.json()) as {
			principal: { user: string; role: string; teams: string[] | null; sso?: true } | null;
		}
	).principal;
}

const caller = async (cookie: string | null): Promise<Caller> => {
	const r = await call(h, { name: '?', cookie, csrf: null }, 'GET', '/api/auth/session');
	return { name: '?', cookie, csrf: ((await r.json()) as { csrf: string }).csrf };
};

beforeAll(async () => {
	const port = await freePort();
	h = await startHarness(REDIS(), {
		PORT: String(port),
		REFRESH_INTERVAL: '1',
		LOGIN_MAX_ATTEMPTS: '5',
		...oidcEnv(idp, `http://127.0.0.1:${port}`)
	});
	await h.writer.flushDb();
	await addAccount(h, 'root', 'admin');
});
afterAll(async () => {
	await h?.writer.flushDb();
	await h?.close();
	await idp?.stop();
});

describe('single sign-on', () => {
	it('signs each role in from the groups claim, and back to where the user was going', async () => {
		for (const [name, role] of [
			['ada', 'admin'],
			['otto', 'operator'],
			['vic', 'viewer']
		] as const) {
			const r = await ssoSignIn(h.baseUrl, name, { next: '/cost?days=30' });
			expect(r.location).toBe('/cost?days=30');
			expect(r.cookie).toMatch(/^helix_session=/);
			expect(await whoAmI(r.cookie)).toEqual({
				user: name,
				role,
				kind: 'user',
				teams: null,
				sso: true
			});
		}
		const ada = await caller((await ssoSignIn(h.baseUrl, 'ada')).cookie);
		const vic = await caller((await ssoSignIn(h.baseUrl, 'vic')).cookie);
		expect((await call(h, ada, 'GET', '/api/accounts')).status).toBe(200);
		expect((await call(h, vic, 'GET', '/api/accounts')).status).toBe(403);
		expect((await call(h, vic, 'GET', '/api/snapshot')).status).toBe(200);
		const audit = await h.server.realtime.auth.audit.query({
			actor: 'ada',
			action: 'login',
			limit: 5
		});
		expect(audit[0]).toMatchObject({ result: 'ok', role: 'admin' });
		expect(audit[0]!.detail).toMatch(/^single sign-on \(127\.0\.0\.1:\d+\)$/);
	});

	it('limits a user to the teams its claim lists, and refuses one without teams or a mapped group', async () => {
		const tess = await ssoSignIn(h.baseUrl, 'tess');
		expect((await whoAmI(tess.cookie))?.teams).toEqual(['red']);
		expect((await call(h, await caller(tess.cookie), 'GET', '/api/snapshot')).status).toBe(403);
		for (const [name, code] of [
			['nobody', 'no_role'],
			['noteams', 'no_teams'],
			['mallory', 'name']
		] as const) {
			const r = await ssoSignIn(h.baseUrl, name);
			expect(r.location).toBe(`/login?sso=${code}`);
			expect(r.cookie).toBeNull();
		}
		const denied = await h.server.realtime.auth.audit.query({ actor: 'nobody', limit: 1 });
		expect(denied[0]).toMatchObject({ action: 'login', result: 'denied' });
		expect(denied[0]!.detail).toMatch(/no_role/);
	});

	it('gives a user moved to another group the new role at the next sign-in (no login prompt)', async () => {
		const browser = new CookieJar();
		const first = await ssoSignIn(h.baseUrl, 'vic', { jar: browser });
		expect((await whoAmI(first.cookie))?.role).toBe('viewer');
		idp.setAccounts({ ...PEOPLE, vic: { groups: ['helix-admins'], teams: ['*'] } });
		const again = await ssoSignIn(h.baseUrl, 'vic', { jar: browser });
		expect((await whoAmI(again.cookie))?.role).toBe('admin');
		// and out of every mapped group: no role, no session
		idp.setAccounts({ ...PEOPLE, vic: { groups: ['staff'], teams: ['*'] } });
		const gone = await ssoSignIn(h.baseUrl, 'vic', { jar: browser });
		expect(gone.location).toBe('/login?sso=no_role');
		idp.setAccounts(PEOPLE);
	});

	it('refuses a tampered state, another browser, a replayed callback and a tampered nonce', async () => {
		const tampered = await ssoSignIn(h.baseUrl, 'ada', {
			callback: (u) => {
				u.searchParams.set('state', `${u.searchParams.get('state')!.slice(0, -2)}xx`);
				return u;
			}
		});
		expect(tampered).toMatchObject({ location: '/login?sso=state', cookie: null });

		// the provider's answer opened in a browser that did not start the sign-in
		const stolen = await ssoSignIn(h.baseUrl, 'ada', { callback: () => null });
		const elsewhere = await fetch(stolen.callback!, { redirect: 'manual' });
		expect(elsewhere.headers.get('location')).toBe('/login?sso=state');

		// the same answer twice in the one browser: the flow is taken once
		const jar = new CookieJar();
		const once = await ssoSignIn(h.baseUrl, 'ada', { jar, callback: () => null });
		const sso = jar.get(new URL(h.baseUrl).host, 'helix_sso');
		const replay = (cookie: string) =>
			fetch(once.callback!, { redirect: 'manual', headers: { cookie: `helix_sso=${cookie}` } });
		expect((await replay(sso!)).headers.get('location')).toBe('/');
		expect((await replay(sso!)).headers.get('location')).toBe('/login?sso=state');

		// a nonce changed on the way to the provider comes back in the ID token: refused
		const nonce = await ssoSignIn(h.baseUrl, 'ada', {
			authorize: (u) => {
				u.searchParams.set('nonce', 'an-attackers-nonce');
				return u;
			}
		});
		expect(nonce).toMatchObject({ location: '/login?sso=invalid', cookie: null });
		const failed = await h.server.realtime.auth.audit.query({
			action: 'login',
			result: 'failed',
			limit: 10
		});
		expect(failed.map((e) => e.detail.split(':')[1]?.trim())).toEqual(
			expect.arrayContaining(['state', 'invalid'])
		);
	});

	it('is revoked like a password session and ends at the provider on sign-out', async () => {
		const root = await login(h, 'root');
		const otto = await ssoSignIn(h.baseUrl, 'otto');
		const del = await call(h, root, 'DELETE', '/api/accounts/otto/sessions');
		expect(await del.json()).toEqual({ name: 'otto', sessions: expect.any(Number) });
		expect(await whoAmI(otto.cookie)).toBeNull();

		const ada = await caller((await ssoSignIn(h.baseUrl, 'ada')).cookie);
		const out = await call(h, ada, 'POST', '/api/auth/logout', {});
		const { redirect } = (await out.json()) as { redirect: string };
		const end = new URL(redirect);
		expect(end.origin).toBe(idp.issuer);
		expect(end.searchParams.get('client_id')).toBe(idp.clientId);
		expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${h.baseUrl}/login`);
		expect(await whoAmI(ada.cookie)).toBeNull();
		// a password session's sign-out stays here
		const local = await call(h, root, 'POST', '/api/auth/logout', {});
		expect(await local.json()).toEqual({ ok: true, redirect: null });
	});

	it('requires sign-in with single sign-on configured even with no local account on loopback', async () => {
		await h.writer.hDel('helix-dashboard:auth:users', 'root');
		await h.server.realtime.auth.load();
		expect(h.server.realtime.auth.required).toBe(true);
		expect((await fetch(`${h.baseUrl}/api/snapshot`)).status).toBe(401);
		await addAccount(h, 'root', 'admin');
	});

	it('counts failed callbacks against the address, like wrong passwords (last: it locks this address)', async () => {
		// LOGIN_MAX_ATTEMPTS=5: an address may fail 20 times, the failures above included
		const bad = async () =>
			(
				await ssoSignIn(h.baseUrl, 'ada', {
					callback: (u) => {
						u.searchParams.set('state', 'forged');
						return u;
					}
				})
			).location;
		const codes: string[] = [];
		while (codes.length < 25 && codes.at(-1) !== '/login?sso=locked') codes.push(await bad());
		expect(codes.at(-1)).toBe('/login?sso=locked');
		expect(codes.slice(0, -1).every((c) => c === '/login?sso=state')).toBe(true);
		// the 8 failed sign-ins of the tests above and these: 20, then locked
		expect(8 + codes.length - 1).toBe(20);
		// the genuine sign-in is refused too, and so is a password from this address
		expect((await ssoSignIn(h.baseUrl, 'ada')).location).toBe('/login?sso=locked');
		const pw = await call(h, null, 'POST', '/api/auth/login', {
			username: 'root',
			password: 'correct horse battery'
		});
		expect(pw.status).toBe(429);
	});
});

describe('single sign-on, provider down and passwords off', () => {
	// the production server as its own process: pages render exactly as `npm start` serves them
	let h2: ServerProcess & { baseUrl: string };
	beforeAll(async () => {
		const port = await freePort();
		const dead = await freePort(); // nothing listens there
		await h.writer.flushDb(); // the address locked above
		const s = await startServerProcess({
			REDIS_URL: REDIS(),
			LOG_FILE: 'false',
			PORT: String(port),
			LOCAL_SIGNIN: 'false',
			OIDC_TIMEOUT_MS: '1000',
			...oidcEnv({ ...idp, issuer: `http://127.0.0.1:${dead}` }, `http://127.0.0.1:${port}`)
		});
		h2 = Object.assign(s, { baseUrl: s.url });
	});
	afterAll(async () => h2?.stop());

	it('sends the browser back to a sign-in page that says the provider is down', async () => {
		const r = await fetch(`${h2.baseUrl}/api/auth/sso/start?next=/cost`, { redirect: 'manual' });
		expect(r.status).toBe(303);
		expect(r.headers.get('location')).toBe('/login?sso=provider_down&next=%2Fcost');
		const page = await fetch(`${h2.baseUrl}/login?sso=provider_down&next=%2Fcost`);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain(SSO_ERRORS.provider_down);
		expect(html).toContain('Sign in with single sign-on');
		// no password form when LOCAL_SIGNIN=false
		expect(html).not.toContain('data-testid="login-password"');
	});

	it('refuses a password with a sentence when LOCAL_SIGNIN=false', async () => {
		const r = await fetch(`${h2.baseUrl}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'root', password: 'correct horse battery' })
		});
		expect(r.status).toBe(403);
		expect((await r.json()).error).toMatch(/LOCAL_SIGNIN=false/);
	});

	it('answers a callback nobody started with the sign-in page, not a 500', async () => {
		const r = await fetch(`${h2.baseUrl}/api/auth/sso/callback?code=x&state=y`, {
			redirect: 'manual'
		});
		expect(r.status).toBe(303);
		expect(r.headers.get('location')).toBe('/login?sso=state');
	});
});
