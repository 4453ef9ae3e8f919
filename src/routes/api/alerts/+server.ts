import { json } from '@sveltejs/kit';
import { alertsOff } from '$lib/server/http/respond';

/** Active alerts, rules, silences, the last delivery per channel, and whether this node sends. */
export function GET({ locals }) {
	const a = locals.rt.alerts;
	if (!a) return alertsOff();
	return json({
		active: a.active(),
		rules: a.rules.list(),
		silences: a.silences,
		deliveries: a.deliveries,
		channels: a.channelNames,
		leader: a.isLeader
	});
}
