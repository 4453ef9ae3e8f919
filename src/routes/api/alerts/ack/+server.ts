import { actorName } from '$lib/server/auth/session-info';
import { noteChange } from '$lib/server/http/audit-note';
import { alertsOff, failure, readJson, respond } from '$lib/server/http/respond';
import { alertTitle } from '$lib/shared/protocol/alerts';

/** POST {key}: acknowledge a firing alert (no more repeats until it resolves), in the caller's name. */
export async function POST({ request, locals }) {
	const alerts = locals.rt.alerts;
	if (!alerts) return alertsOff();
	const b = await readJson(request);
	if (!b.ok) return respond(b);
	const body = (b.data ?? {}) as { key?: unknown; by?: unknown };
	if (typeof body.key !== 'string') return failure('invalid', 'key (the alert key) is required');
	const r = await alerts.acknowledge(body.key, actorName(locals.session, body.by));
	noteChange(locals, r, (a) => ({
		target: `${alertTitle(a as Parameters<typeof alertTitle>[0])} (${body.key})`,
		changes: 'acknowledged'
	}));
	return respond(r);
}
