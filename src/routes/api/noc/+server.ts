import { json } from '@sveltejs/kit';
import { readJson, respond } from '$lib/server/http/respond';

/** GET what NOC walls show; PUT {panels: [...], dwellSeconds} changes every wall at once. */
export function GET({ locals }) {
	return json(locals.rt.noc.get());
}

export async function PUT({ request, locals }) {
	const b = await readJson(request);
	return b.ok ? respond(await locals.rt.noc.update(b.data)) : respond(b);
}
