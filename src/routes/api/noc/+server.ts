import { json } from '@sveltejs/kit';
import { diff, noteChange } from '$lib/server/http/audit-note';
import { readJson, respond } from '$lib/server/http/respond';

/** GET what NOC walls show; PUT {panels: [...], dwellSeconds} changes every wall at once. */
export function GET({ locals }) {
	return json(locals.rt.noc.get());
}

export async function PUT({ request, locals }) {
	const b = await readJson(request);
	if (!b.ok) return respond(b);
	const before = locals.rt.noc.get();
	const r = await locals.rt.noc.update(b.data);
	noteChange(locals, r, (d) => ({ target: 'NOC walls', changes: diff(before, d) }));
	return respond(r);
}
