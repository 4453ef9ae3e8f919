import { json } from '@sveltejs/kit';
import { clientAddress } from '$lib/server/http/guard';
import { SESSION_COOKIE } from '$lib/server/auth/principals';

/**
 * POST: ends this session here and on every node (its sockets are cut). A single sign-on
 * session also gets the provider's end-session URL to go to (RP-initiated logout).
 */
export async function POST(event) {
	const { session, rt } = event.locals;
	const redirect = session ? ((await rt.auth.sso?.logoutUrl(session.principal)) ?? null) : null;
	if (session) await rt.auth.logout(session, clientAddress(event));
	event.cookies.delete(SESSION_COOKIE, { path: '/' });
	return json({ ok: true, redirect });
}
