import { json } from '@sveltejs/kit';
import { diff, noteChange } from '$lib/server/http/audit-note';
import { readJson, respond } from '$lib/server/http/respond';

/**
 * GET which channels each severity goes to ({} = every channel); PUT replaces it, e.g.
 * {"critical": ["email", "slack"], "warning": ["slack"], "info": []}.
 */
export function GET({ locals }) {
	return json(locals.rt.routing.get());
}

export async function PUT({ request, locals }) {
	const b = await readJson(request);
	if (!b.ok) return respond(b);
	const before = locals.rt.routing.get();
	const r = await locals.rt.routing.update(b.data);
	noteChange(locals, r, (d) => ({ target: 'alert routing', changes: diff(before, d) }));
	return respond(r);
}
