import { json } from '@sveltejs/kit';
import { clientAddress } from '$lib/server/auth/http-guard';
import { SESSION_COOKIE } from '$lib/server/auth/service';
import { unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';

/** POST: ends this session here and on every node (its sockets are cut). */
export async function POST(event) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	if (event.locals.session) await rt.auth.logout(event.locals.session, clientAddress(event));
	event.cookies.delete(SESSION_COOKIE, { path: '/' });
	return json({ ok: true });
}
