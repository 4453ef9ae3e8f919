import { json } from '@sveltejs/kit';
import { cookieOptions, clientAddress } from '$lib/server/http/guard';
import { SESSION_COOKIE } from '$lib/server/auth/principals';
import { failure, readJson, respond } from '$lib/server/http/respond';

/** POST {username, password}: a session cookie, or 400/401/429 (with Retry-After)/503. */
export async function POST(event) {
	const { rt } = event.locals;
	const b = await readJson(event.request);
	if (!b.ok) return respond(b);
	const body = (b.data ?? {}) as { username?: unknown; password?: unknown };
	const r = await rt.auth.login(body.username, body.password, clientAddress(event));
	if (!r.ok)
		return failure(r.code, r.msg, r.retryAfterS ? { 'retry-after': String(r.retryAfterS) } : {});
	event.cookies.set(SESSION_COOKIE, r.cookie, cookieOptions(rt, event, r.maxAgeS));
	return json({ principal: r.session.principal, csrf: r.session.record?.csrf ?? null });
}
