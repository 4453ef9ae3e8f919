// Every request passes the auth guard first (src/lib/server/http/guard.ts): headers, body
// size, who is calling, the route policy, CSRF and the audit log. The guard also puts the
// dashboard's services in event.locals.rt, where every route takes them from.
import type { Handle, HandleServerError } from '@sveltejs/kit';
import { getRealtime } from '$lib/server/app/registry';
import { authHandle } from '$lib/server/http/guard';

export const handle: Handle = authHandle(getRealtime);

/** An unexpected error: logged in full on the server, a plain sentence for the user. */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	getRealtime()?.logging.log.error(
		{ err: (error as Error)?.message ?? String(error), path: event.url.pathname, status },
		'request failed'
	);
	return { message: status >= 500 ? 'internal error; the server log has the details' : message };
};
