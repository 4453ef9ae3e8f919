import { json } from '@sveltejs/kit';
import { sessionInfo } from '$lib/server/auth/session-info';

/** GET: who this is (SessionInfo); the CLI and scripts read the CSRF token here. */
export function GET({ locals }) {
	return json(sessionInfo(locals.rt.auth, locals.session), {
		headers: { 'cache-control': 'no-store' }
	});
}
