// The alert history: every state change, written once — by the node holding the lease — to a
// bounded stream shared by every node. Each node keeps the most recent entries for the Alerts
// room: re-read from the stream on connect and at every reconcile, and meanwhile the changes
// this node saw itself (every node evaluates the same rules on the same data).
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import {
	ALERT_METRICS,
	type AlertHistoryEntry,
	type AlertMetric,
	type AlertSeverity,
	type AlertState,
	type AlertView
} from '../../shared/protocol/alerts.ts';
import type { RedisClient } from '../redis/client.ts';

export const HISTORY_KEY = `${DASHBOARD_PREFIX}alert-history`;
/** the history stream is trimmed to about this many entries */
const HISTORY_MAX = 10_000;
/** entries the Alerts room carries (the page filters them; the API reads further back) */
export const RECENT_MAX = 200;
/** entries GET /api/alerts/history filters at most */
const QUERY_SCAN = 2_000;

const SEVERITIES: AlertSeverity[] = ['critical', 'warning', 'info'];
const STATES: AlertState[] = ['ok', 'pending', 'firing', 'resolved'];

export function entryOf(m: Record<string, string>): AlertHistoryEntry {
	const value = m.value === undefined || m.value === '' ? null : Number(m.value);
	let labels: Record<string, string> = {};
	try {
		const l = JSON.parse(m.labels ?? '{}') as unknown;
		if (l && typeof l === 'object' && !Array.isArray(l)) labels = l as Record<string, string>;
	} catch {
		// a hand-written entry: no labels
	}
	return {
		at: Number(m.at) || 0,
		key: m.key ?? '',
		rule: m.rule ?? '',
		ruleId: m.ruleId ?? '',
		metric: m.metric && m.metric in ALERT_METRICS ? (m.metric as AlertMetric) : null,
		severity: SEVERITIES.find((s) => s === m.severity) ?? 'info',
		from: STATES.find((s) => s === m.from) ?? 'ok',
		to: STATES.find((s) => s === m.to) ?? 'ok',
		value: value !== null && Number.isFinite(value) ? value : null,
		labels,
		repeat: m.repeat === '1'
	};
}

export class AlertHistory {
	/** newest first */
	recent: AlertHistoryEntry[] = [];

	constructor(private readonly client: () => RedisClient) {}

	async load(): Promise<void> {
		const entries = await this.client().xRevRange(HISTORY_KEY, '+', '-', { COUNT: RECENT_MAX });
		this.recent = entries.map((e) => entryOf(e.message as Record<string, string>));
	}

	/** A change this node saw; written to the stream when `write` (the lease holder). */
	async record(
		a: AlertView,
		from: AlertState,
		to: AlertState,
		at: number,
		repeat: boolean,
		write: boolean
	): Promise<void> {
		if (from === to && !repeat) return;
		const e: AlertHistoryEntry = {
			at,
			key: a.key,
			rule: a.ruleName,
			ruleId: a.ruleId,
			metric: a.metric,
			severity: a.severity,
			from,
			to,
			value: a.value,
			labels: a.labels,
			repeat
		};
		this.recent = [e, ...this.recent].slice(0, RECENT_MAX);
		if (!write) return;
		await this.client()
			.xAdd(
				HISTORY_KEY,
				'*',
				{
					at: String(at),
					key: a.key,
					rule: a.ruleName,
					ruleId: a.ruleId,
					metric: a.metric,
					severity: a.severity,
					from,
					to,
					value: String(a.value ?? ''),
					labels: JSON.stringify(a.labels),
					repeat: repeat ? '1' : '0'
				},
				{ TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: HISTORY_MAX } }
			)
			.catch(() => {});
	}

	/** Newest first, over the last QUERY_SCAN entries. */
	async query(filter: {
		severity?: string | null;
		rule?: string | null;
		limit: number;
	}): Promise<AlertHistoryEntry[]> {
		const entries = await this.client().xRevRange(HISTORY_KEY, '+', '-', { COUNT: QUERY_SCAN });
		return entries
			.map((e) => entryOf(e.message as Record<string, string>))
			.filter(
				(m) =>
					(!filter.severity || m.severity === filter.severity) &&
					(!filter.rule || m.rule === filter.rule || m.ruleId === filter.rule)
			)
			.slice(0, filter.limit);
	}
}
