// The two browser navigations of single sign-on. Both answer with a redirect, never a page
// of their own: to the provider, back to where the user was going, or to /login?sso=<code>
// whose sentence says what went wrong (a provider that is down included) — never a 500.
import type { RequestEvent } from '@sveltejs/kit';
import { safeNext } from '../../shared/auth.ts';
import { SSO_CALLBACK_PATH, type SsoError } from '../../shared/protocol/sso.ts';
import { SESSION_COOKIE } from '../auth/principals.ts';
import { clientAddress, cookieOptions } from './guard.ts';

/** the browser's half of a flow's state: only the callback ever gets it back */
export const SSO_STATE_COOKIE = 'helix_sso';

const see = (location: string) => new Response(null, { status: 303, headers: { location } });

function toLogin(code: SsoError, next = '/'): Response {
	const q = new URLSearchParams({ sso: code });
	if (next !== '/') q.set('next', next);
	return see(`/login?${q}`);
}

export async function startSso(event: RequestEvent): Promise<Response> {
	const { rt } = event.locals;
	const next = safeNext(event.url.searchParams.get('next'), event.url.origin);
	const sso = rt.auth.sso;
	if (!sso) return toLogin('off', next);
	const r = await sso.begin(next, clientAddress(event));
	if (!r.ok) return toLogin(r.code, next);
	event.cookies.set(SSO_STATE_COOKIE, r.state, {
		...cookieOptions(rt, event, 600),
		path: SSO_CALLBACK_PATH
	});
	return see(r.url);
}

export async function finishSso(event: RequestEvent): Promise<Response> {
	const { rt } = event.locals;
	const sso = rt.auth.sso;
	if (!sso) return toLogin('off');
	const browserState = event.cookies.get(SSO_STATE_COOKIE);
	// one flow per cookie: whatever happens next, this browser starts over for another
	event.cookies.delete(SSO_STATE_COOKIE, { path: SSO_CALLBACK_PATH });
	const r = await sso.finish(event.url.searchParams, browserState, clientAddress(event));
	if (!r.ok) return toLogin(r.code);
	event.cookies.set(SESSION_COOKIE, r.login.cookie, cookieOptions(rt, event, r.login.maxAgeS));
	return see(r.next);
}
