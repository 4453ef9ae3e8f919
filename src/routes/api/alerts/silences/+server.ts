import { json } from '@sveltejs/kit';
import { alertsOff, readJson, respond, unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';
import { actorName } from '$lib/server/auth/session-info';

export function GET() {
	const rt = getRealtime();
	if (!rt) return unavailable();
	return rt.alerts ? json(rt.alerts.silences) : alertsOff();
}

/** POST {ruleId (or *), minutes, reason}: mute notifications for a while. */
export async function POST({ request, locals }) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	if (!rt.alerts) return alertsOff();
	const b = await readJson(request);
	return b.ok ? respond(await rt.alerts.silence((b.body ?? {}) as Record<string, unknown>, actorName(locals.session, null)), 201) : b.res;
}
