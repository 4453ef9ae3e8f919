import { respond } from '$lib/server/http/respond';

/** DELETE: revoke a display token; every wall signed in with it is disconnected. */
export async function DELETE({ params, locals }) {
	return respond(await locals.rt.accounts.revokeToken(params.id));
}
