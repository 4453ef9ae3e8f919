import { json } from '@sveltejs/kit';
import { readJson, unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';

/** PUT {role?, teams?, password?}: change an account; its sessions end (it signs in again with the new rights). */
export async function PUT({ request, params }) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	const b = await readJson(request);
	if (!b.ok) return b.res;
	const r = await rt.auth.accounts.updateUser(params.name, b.body);
	if (!r.ok) return json({ error: r.msg }, { status: r.status ?? 400 });
	await rt.auth.revoked(await rt.auth.accounts.endUserSessions(params.name));
	return json(r.data);
}

/** DELETE: the account and every session of it, at once. */
export async function DELETE({ params }) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	const r = await rt.auth.accounts.deleteUser(params.name);
	if (!r.ok) return json({ error: r.msg }, { status: r.status ?? 400 });
	await rt.auth.revoked(await rt.auth.accounts.endUserSessions(params.name));
	await rt.auth.load();
	return json(r.data);
}
