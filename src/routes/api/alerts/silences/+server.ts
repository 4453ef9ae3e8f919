import { json } from '@sveltejs/kit';
import { actorName } from '$lib/server/auth/session-info';
import { noteChange } from '$lib/server/http/audit-note';
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
	const r = await alerts.silence(
		(b.data ?? {}) as Record<string, unknown>,
		actorName(locals.session, null)
	);
	noteChange(locals, r, (d) => {
		const s = d as { id: string; ruleId: string; until: number; reason: string };
		const rule = s.ruleId === '*' ? 'every rule' : (alerts.rules.get(s.ruleId)?.name ?? s.ruleId);
		return { target: `${rule} (${s.id})`, changes: `silenced: ${s.reason}` };
	});
	return respond(r, 201);
}
