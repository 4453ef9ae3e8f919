import { json } from '@sveltejs/kit';
import { sessionInfo } from '$lib/server/auth/session-info';
import { unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';

/** GET: who this is (SessionInfo); the CLI and scripts read the CSRF token here. */
export function GET({ locals }) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	return json(sessionInfo(rt, locals.session), { headers: { 'cache-control': 'no-store' } });
}
