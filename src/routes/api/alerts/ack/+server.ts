import { alertsOff, readJson, respond, unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';
import { actorName } from '$lib/server/auth/session-info';

/** POST {key}: acknowledge a firing alert (no more repeats until it resolves), in the caller's name. */
export async function POST({ request, locals }) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	if (!rt.alerts) return alertsOff();
	const b = await readJson(request);
	if (!b.ok) return b.res;
	const body = (b.body ?? {}) as { key?: unknown; by?: unknown };
	if (typeof body.key !== 'string') return respond({ ok: false, msg: 'key (the alert key) is required' });
	return respond(await rt.alerts.acknowledge(body.key, actorName(locals.session, body.by)));
}
