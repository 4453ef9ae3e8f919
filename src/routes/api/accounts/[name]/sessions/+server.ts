import { json } from '@sveltejs/kit';

/** DELETE: sign this account out everywhere (open pages and sockets are cut at once). */
export async function DELETE({ params, locals }) {
	return json(await locals.rt.accounts.signOutEverywhere(params.name));
}
