import { json } from '@sveltejs/kit';
import { alertsOff, unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';

/** Active alerts, rules, silences, the last delivery per channel, and whether this node sends. */
export function GET() {
	const rt = getRealtime();
	if (!rt) return unavailable();
	const a = rt.alerts;
	if (!a) return alertsOff();
	return json({
		active: a.engine.active(),
		rules: a.rules.list(),
		silences: a.silences,
		deliveries: a.deliveries,
		channels: a.channelNames,
		leader: a.lease.isLeader
	});
}
