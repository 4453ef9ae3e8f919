import { json } from '@sveltejs/kit';
import { unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';

/** DELETE: revoke a display token; every wall signed in with it is disconnected. */
export async function DELETE({ params }) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	const r = await rt.auth.accounts.revokeToken(params.id);
	if (!r.ok) return json({ error: r.msg }, { status: r.status ?? 400 });
	await rt.auth.revoked(r.data.sessions);
	return json({ id: r.data.id, sessions: r.data.sessions.length });
}
