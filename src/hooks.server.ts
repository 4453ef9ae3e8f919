// Every request passes the auth guard first (src/lib/server/http/guard.ts): headers, body
// size, who is calling, the route policy, CSRF and the audit log. The guard also puts the
// dashboard's services in event.locals.rt, where every route takes them from.
import type { Handle, HandleServerError } from '@sveltejs/kit';
import { getRealtime } from '$lib/server/app/registry';
import { authHandle } from '$lib/server/http/guard';

export const handle: Handle = authHandle(getRealtime);

/** the part of a request path a log line keeps (a 10 KB path is someone's probe, not news) */
const LOGGED_PATH = 200;

/**
 * An unexpected error: logged in full on the server, a plain sentence for the user. A 404 is
 * a wrong address, not a fault: it goes to the log at info, and no System Health error group.
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const path = event.url.pathname.slice(0, LOGGED_PATH);
	const log = getRealtime()?.logging.log;
	if (status === 404) log?.info({ path, status }, 'not found');
	else
		log?.error({ err: (error as Error)?.message ?? String(error), path, status }, 'request failed');
	return { message: status >= 500 ? 'internal error; the server log has the details' : message };
};
