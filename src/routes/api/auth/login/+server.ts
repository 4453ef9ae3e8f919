import { json } from '@sveltejs/kit';
import { cookieOptions, clientAddress } from '$lib/server/auth/http-guard';
import { SESSION_COOKIE } from '$lib/server/auth/service';
import { readJson, unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';

/** POST {username, password}: a session cookie, or 400/401/429 (with Retry-After)/503. */
export async function POST(event) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	const b = await readJson(event.request);
	if (!b.ok) return b.res;
	const body = (b.body ?? {}) as { username?: unknown; password?: unknown };
	const r = await rt.auth.login(body.username, body.password, clientAddress(event));
	if (!r.ok) return json({ error: r.msg }, { status: r.status, headers: r.retryAfterS ? { 'retry-after': String(r.retryAfterS) } : {} });
	event.cookies.set(SESSION_COOKIE, r.cookie, cookieOptions(rt, event, r.maxAgeS));
	return json({ principal: r.session.principal, csrf: r.session.record?.csrf ?? null });
}
