import { json } from '@sveltejs/kit';
import { clientAddress } from '$lib/server/http/guard';
import { SESSION_COOKIE } from '$lib/server/auth/principals';

/** POST: ends this session here and on every node (its sockets are cut). */
export async function POST(event) {
	if (event.locals.session)
		await event.locals.rt.auth.logout(event.locals.session, clientAddress(event));
	event.cookies.delete(SESSION_COOKIE, { path: '/' });
	return json({ ok: true });
}
