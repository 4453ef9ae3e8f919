import { nameOf, noteChange } from '$lib/server/http/audit-note';
import { respond } from '$lib/server/http/respond';

/** DELETE: revoke a display token; every wall signed in with it is disconnected. */
export async function DELETE({ params, locals }) {
	const before = (await locals.rt.accounts.listTokens()).find((t) => t.id === params.id);
	const r = await locals.rt.accounts.revokeToken(params.id);
	noteChange(locals, r, () => ({ target: nameOf(before, params.id), changes: 'revoked' }));
	return respond(r);
}
