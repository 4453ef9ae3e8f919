import { readJson, respond } from '$lib/server/http/respond';

/** PUT {role?, teams?, password?}: change an account; its sessions end (it signs in again with the new rights). */
export async function PUT({ request, params, locals }) {
	const b = await readJson(request);
	return b.ok ? respond(await locals.rt.accounts.updateAccount(params.name, b.data)) : respond(b);
}

/** DELETE: the account and every session of it, at once. */
export async function DELETE({ params, locals }) {
	return respond(await locals.rt.accounts.deleteAccount(params.name));
}
