// Alert routing: which notification channels each severity goes to (GET/PUT
// /api/alerts/routing, or the configuration file's `routing`). Kept in Redis like the other
// settings, so every node (and the lease holder that sends) agrees.
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import {
	DEFAULT_ROUTING,
	routingSchema,
	type AlertRouting,
	type AlertSeverity
} from '../../shared/protocol/alerts.ts';
import type { Channel } from './channels/channel.ts';

export const ROUTING_SETTING = {
	key: `${DASHBOARD_PREFIX}alert-routing`,
	schema: routingSchema,
	fallback: DEFAULT_ROUTING,
	label: 'alert routing'
};

/** The channels a notice of this severity goes to. */
export function routed(
	channels: Channel[],
	routing: AlertRouting,
	severity: AlertSeverity
): Channel[] {
	const allowed = routing[severity];
	return allowed
		? channels.filter((c) => (allowed as readonly string[]).includes(c.name))
		: channels;
}
