import { json } from '@sveltejs/kit';
import { actorName } from '$lib/server/auth/session-info';
import { alertsOff, readJson, respond } from '$lib/server/http/respond';

export function GET({ locals }) {
	const alerts = locals.rt.alerts;
	return alerts ? json(alerts.silences) : alertsOff();
}

/** POST {ruleId (or *), minutes, reason}: mute notifications for a while. */
export async function POST({ request, locals }) {
	const alerts = locals.rt.alerts;
	if (!alerts) return alertsOff();
	const b = await readJson(request);
	if (!b.ok) return respond(b);
	return respond(
		await alerts.silence(
			(b.data ?? {}) as Record<string, unknown>,
			actorName(locals.session, null)
		),
		201
	);
}
