import { json } from '@sveltejs/kit';
import { diff, noteChange } from '$lib/server/http/audit-note';
import { readJson, respond } from '$lib/server/http/respond';

export function GET({ locals }) {
	return json(locals.rt.security.get());
}

/** PUT {incidentThresholdPerHour, notificationMethods} — validated; 400 names what is wrong. */
export async function PUT({ request, locals }) {
	const b = await readJson(request);
	if (!b.ok) return respond(b);
	const before = locals.rt.security.get();
	const r = await locals.rt.security.update(b.data);
	noteChange(locals, r, (d) => ({ target: 'security settings', changes: diff(before, d) }));
	return respond(r);
}
