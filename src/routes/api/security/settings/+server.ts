import { json } from '@sveltejs/kit';
import { readJson, respond } from '$lib/server/http/respond';

export function GET({ locals }) {
	return json(locals.rt.security.get());
}

/** PUT {incidentThresholdPerHour, notificationMethods} — validated; 400 names what is wrong. */
export async function PUT({ request, locals }) {
	const b = await readJson(request);
	return b.ok ? respond(await locals.rt.security.update(b.data)) : respond(b);
}
