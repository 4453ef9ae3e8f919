// The Alerts room: active alerts, rules, silences, deliveries and the latest history, from
// the alert service (not the Store). Published after every evaluation round and every change.
import type { AlertsState } from '../../../shared/protocol/state/alerts.ts';
import type { AlertService } from '../../alerts/service.ts';
import type { Topic } from './topic.ts';

const OFF: AlertsState = {
	enabled: false,
	active: [],
	rules: [],
	silences: [],
	deliveries: [],
	channels: [],
	leader: false,
	history: []
};

export class AlertsTopic implements Topic<'alerts'> {
	readonly room = 'alerts' as const;

	constructor(private readonly alerts: () => AlertService | null) {}

	derive(): AlertsState {
		const a = this.alerts();
		if (!a) return OFF;
		return {
			enabled: true,
			active: a.active(),
			rules: a.rules.list(),
			silences: a.silences,
			deliveries: a.deliveries,
			channels: a.channelNames,
			leader: a.isLeader,
			history: a.recentHistory
		};
	}
}
