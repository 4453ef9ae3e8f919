import { json } from '@sveltejs/kit';
import { alertsOff, failure } from '$lib/server/http/respond';

/** GET ?severity=critical|warning|info&rule=<name or id>&limit=1..2000 — newest first. */
export async function GET({ url, locals }) {
	const alerts = locals.rt.alerts;
	if (!alerts) return alertsOff();
	const severity = url.searchParams.get('severity');
	if (severity && !['critical', 'warning', 'info'].includes(severity))
		return failure('invalid', 'severity must be critical, warning or info');
	const limit = Number(url.searchParams.get('limit') ?? 200);
	if (!Number.isInteger(limit) || limit < 1 || limit > 2000)
		return failure('invalid', 'limit must be a whole number from 1 to 2000');
	return json(await alerts.history.query({ severity, rule: url.searchParams.get('rule'), limit }));
}
