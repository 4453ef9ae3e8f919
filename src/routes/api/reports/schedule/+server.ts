import { json } from '@sveltejs/kit';
import { diff, noteChange } from '$lib/server/http/audit-note';
import { failure, readJson, respond } from '$lib/server/http/respond';

const OFF = 'reports go through the alert channels, and alerts are off (ENABLE_ALERTS=false)';

/**
 * GET when each report is sent and the last sends; PUT replaces the schedule, e.g.
 * {"daily": {"at": "08:00"}, "weekly": {"at": "09:00", "day": "monday", "channels": ["email"]},
 * "monthly": {"at": "09:00", "day": 1}} — times in the dashboard zone (docs/alerts.md).
 */
export function GET({ locals }) {
	const r = locals.rt.reports;
	if (!r) return failure('disabled', OFF);
	return json({
		schedule: r.schedule.value,
		managedBy: r.schedule.managedBy,
		zone: locals.rt.config.timezone,
		last: r.last
	});
}

export async function PUT({ request, locals }) {
	const r = locals.rt.reports;
	if (!r) return failure('disabled', OFF);
	const b = await readJson(request);
	if (!b.ok) return respond(b);
	const before = r.schedule.value;
	const u = await r.schedule.update(b.data);
	noteChange(locals, u, (d) => ({ target: 'report schedule', changes: diff(before, d) }));
	return respond(u);
}
