import { json } from '@sveltejs/kit';
import { unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';

/** DELETE: sign this account out everywhere (open pages and sockets are cut at once). */
export async function DELETE({ params }) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	const ended = await rt.auth.accounts.endUserSessions(params.name);
	await rt.auth.revoked(ended);
	return json({ name: params.name, sessions: ended.length });
}
