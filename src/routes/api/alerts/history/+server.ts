import { json } from '@sveltejs/kit';
import { alertsOff, unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';

/** GET ?severity=critical|warning|info&rule=<name or id>&limit=1..2000 — newest first. */
export async function GET({ url }) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	if (!rt.alerts) return alertsOff();
	const severity = url.searchParams.get('severity');
	if (severity && !['critical', 'warning', 'info'].includes(severity)) return json({ error: 'severity must be critical, warning or info' }, { status: 400 });
	const limit = Number(url.searchParams.get('limit') ?? 200);
	if (!Number.isInteger(limit) || limit < 1 || limit > 2000) return json({ error: 'limit must be a whole number from 1 to 2000' }, { status: 400 });
	return json(await rt.alerts.history({ severity, rule: url.searchParams.get('rule'), limit }));
}
