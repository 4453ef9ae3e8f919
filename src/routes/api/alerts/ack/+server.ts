import { alertsOff, readJson, respond, unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';

/** POST {key, by?}: acknowledge a firing alert (no more repeats until it resolves). */
export async function POST({ request }) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	if (!rt.alerts) return alertsOff();
	const b = await readJson(request);
	if (!b.ok) return b.res;
	const body = (b.body ?? {}) as { key?: unknown; by?: unknown };
	if (typeof body.key !== 'string') return respond({ ok: false, msg: 'key (the alert key) is required' });
	return respond(await rt.alerts.acknowledge(body.key, typeof body.by === 'string' ? body.by.slice(0, 100) : 'anonymous'));
}
