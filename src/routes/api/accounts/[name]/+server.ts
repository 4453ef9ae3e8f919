import { diff, noteChange } from '$lib/server/http/audit-note';
import { readJson, respond } from '$lib/server/http/respond';

/** PUT {role?, teams?, password?}: change an account; its sessions end (it signs in again with the new rights). */
export async function PUT({ request, params, locals }) {
	const b = await readJson(request);
	if (!b.ok) return respond(b);
	const before = (await locals.rt.accounts.listAccounts()).find((a) => a.name === params.name);
	const r = await locals.rt.accounts.updateAccount(params.name, b.data);
	const pw = typeof (b.data as { password?: unknown } | null)?.password === 'string';
	noteChange(locals, r, (d) => ({
		target: params.name,
		changes: [diff(before, d), pw ? 'password changed' : ''].filter(Boolean).join('; ')
	}));
	return respond(r);
}

/** DELETE: the account and every session of it, at once. */
export async function DELETE({ params, locals }) {
	return respond(await locals.rt.accounts.deleteAccount(params.name));
}
