// Alert rules, states, silences, history and notifications (shared by server and browser).
import { z } from 'zod';
import { formatQuantity, type QuantityUnit } from '../format.ts';
export type AlertSeverity = 'critical' | 'warning' | 'info';
export type AlertState = 'ok' | 'pending' | 'firing' | 'resolved';
export type Comparator = '>' | '>=' | '<' | '<=';

export const ALERT_METRICS = {
	request_rate: 'gateway requests per second',
	hit_rate_pct: 'cache hit rate of recent requests, %',
	latency_p95_ms: 'p95 latency over the last 60 s, ms',
	spend_per_min_usd: 'spend per minute, USD',
	budget_burn_pct: "a budget's month-to-date spend, % of its amount (one alert per budget)",
	budget_forecast_pct:
		"a budget's projected month-end spend, % of its amount (one alert per budget; says the day it is crossed)",
	pii_per_hour: 'PII incidents in the last hour',
	redis_memory_pct: 'Redis used memory, % of maxmemory',
	redis_down: '1 while the dashboard cannot reach Redis or Redis does not answer',
	accounts_lost: '1 while the account store is empty although this dashboard had accounts',
	gateway_silence_s: 'seconds since the gateway last wrote',
	host_cpu_pct: 'host CPU load, % (while someone watches System Health)',
	host_memory_pct: 'host memory in use, %',
	host_disk_pct: 'fullest filesystem, % used',
	slo_burn_fast: "an SLO's burn rate over 1 h and 5 min, the lower of the two (one alert per SLO)",
	slo_burn_medium:
		"an SLO's burn rate over 6 h and 30 min, the lower of the two (one alert per SLO)",
	slo_burn_slow: "an SLO's burn rate over 3 days and 6 h, the lower of the two (one alert per SLO)"
} as const;
export type AlertMetric = keyof typeof ALERT_METRICS;

/** The unit each metric is measured in: values and thresholds print with it. */
export const ALERT_UNITS: Record<AlertMetric, QuantityUnit> = {
	request_rate: 'per_s',
	hit_rate_pct: 'pct',
	latency_p95_ms: 'ms',
	spend_per_min_usd: 'usd_per_min',
	budget_burn_pct: 'pct',
	budget_forecast_pct: 'pct',
	pii_per_hour: 'per_h',
	redis_memory_pct: 'pct',
	redis_down: 'flag',
	accounts_lost: 'flag',
	gateway_silence_s: 's',
	host_cpu_pct: 'pct',
	host_memory_pct: 'pct',
	host_disk_pct: 'pct',
	slo_burn_fast: 'times',
	slo_burn_medium: 'times',
	slo_burn_slow: 'times'
};

/** An alert's value (or expected value, or a threshold rule's threshold) with its unit. */
export const alertQuantity = (metric: AlertMetric, v: number | null | undefined): string =>
	formatQuantity(v, ALERT_UNITS[metric] ?? 'per_s');

/** "value 563.1% · threshold 100.0%", or for an anomaly rule "value … · expected …". */
export function alertFigures(
	a: {
		metric: AlertMetric;
		value: number | null;
		expected: number | null;
		threshold: number;
	},
	/** "; " in channel messages (plain ASCII for e-mail subjects and SMS gateways) */
	sep = ' · '
): string {
	const ref =
		a.expected !== null
			? `expected ${alertQuantity(a.metric, a.expected)}`
			: `threshold ${alertQuantity(a.metric, a.threshold)}`;
	return `value ${alertQuantity(a.metric, a.value)}${sep}${ref}`;
}

/** "Budget exceeded: Tiny": the rule and what its labels single out (one line, any page). */
export function alertTitle(a: { ruleName: string; labels: Record<string, string> }): string {
	const l = Object.values(a.labels);
	return l.length ? `${a.ruleName}: ${l.join(', ')}` : a.ruleName;
}

/** One schema for a rule: the server validates POST/PUT with it, the Alerts page types by it. */
export const ruleSchema = z
	.object({
		name: z
			.string()
			.trim()
			.min(1, 'name must not be empty')
			.max(100, 'name is at most 100 characters'),
		/** threshold: compare with a fixed value; anomaly: depart from the learned baseline */
		kind: z.enum(['threshold', 'anomaly']).default('threshold'),
		metric: z.enum(Object.keys(ALERT_METRICS) as [AlertMetric, ...AlertMetric[]], {
			error: `metric must be one of ${Object.keys(ALERT_METRICS).join(', ')}`
		}),
		comparator: z
			.enum(['>', '>=', '<', '<='], { error: 'comparator must be >, >=, < or <=' })
			.default('>'),
		threshold: z.number({ error: 'threshold must be a number' }).finite(),
		forSeconds: z.number().int().min(0, 'forSeconds is at least 0').max(86_400).default(0),
		severity: z.enum(['critical', 'warning', 'info'], {
			error: 'severity must be critical, warning or info'
		}),
		/** % of the threshold the value must come back past before the alert resolves */
		hysteresisPct: z.number().min(0).max(100).default(5),
		/** re-notify a long-firing, unacknowledged alert this often (0 = never) */
		repeatMinutes: z.number().int().min(0).max(10_080).default(60),
		labels: z.record(z.string().max(50), z.string().max(200)).default({}),
		enabled: z.boolean().default(true)
	})
	.strict();

/** What POST /api/alerts/rules takes (defaults filled in by the schema). */
export type RuleInput = z.input<typeof ruleSchema>;
export type AlertRule = z.infer<typeof ruleSchema> & { id: string };

/** The notification channels (each configured by its ALERT_* environment variables). */
export const ALERT_CHANNELS = ['webhook', 'slack', 'email'] as const;
export type AlertChannelName = (typeof ALERT_CHANNELS)[number];

const channelList = z
	.array(z.enum(ALERT_CHANNELS, { error: `channels may be ${ALERT_CHANNELS.join(', ')}` }))
	.max(ALERT_CHANNELS.length)
	.transform((c) => [...new Set(c)]);

/**
 * Which channels each severity goes to; a severity left out goes to every configured
 * channel (the default), an empty list to none (toasts and the bell only).
 */
export const routingSchema = z
	.object({ critical: channelList, warning: channelList, info: channelList })
	.partial()
	.strict();

export type AlertRouting = z.infer<typeof routingSchema>;
export const DEFAULT_ROUTING: AlertRouting = {};

/** Notifications of a rule (or '*' for all) are muted until `until`. */
export interface Silence {
	id: string;
	/** rule id, or '*' for every rule */
	ruleId: string;
	until: number;
	reason: string;
	by: string;
}

export const silenceSchema = z
	.object({
		ruleId: z
			.string({ error: 'ruleId must be a rule id or *' })
			.min(1, 'ruleId must be a rule id or *'),
		minutes: z
			.number({ error: 'minutes must be a whole number from 1 to 43200' })
			.int('minutes must be a whole number from 1 to 43200')
			.min(1, 'minutes must be a whole number from 1 to 43200')
			.max(43_200, 'minutes must be a whole number from 1 to 43200'),
		reason: z
			.string({ error: 'give a reason (at most 200 characters)' })
			.trim()
			.min(1, 'give a reason (at most 200 characters)')
			.max(200, 'give a reason (at most 200 characters)')
	})
	.strict();

export type SilenceInput = z.infer<typeof silenceSchema>;

export interface AlertView {
	key: string;
	ruleId: string;
	ruleName: string;
	metric: AlertMetric;
	severity: AlertSeverity;
	labels: Record<string, string>;
	state: AlertState;
	value: number | null;
	expected: number | null;
	threshold: number;
	since: number;
	firedAt: number | null;
	acknowledgedBy: string | null;
	silencedUntil: number | null;
	/** a sentence the metric adds (a budget forecast: "projected to exceed on 2026-12-20, by $110.00") */
	detail?: string | null;
}

/** A socket 'alert' event: a state change every open dashboard shows as a toast. */
export interface AlertNotice {
	alert: AlertView;
	from: AlertState;
	to: AlertState;
	repeat: boolean;
	at: number;
}

export interface DeliveryResult {
	channel: string;
	ok: boolean;
	detail: string;
	at: number;
	attempts: number;
}

/** One state change of an alert, as the history stream keeps it. */
export interface AlertHistoryEntry {
	at: number;
	key: string;
	rule: string;
	ruleId: string;
	/** what the value measures (null in entries written before it was recorded) */
	metric: AlertMetric | null;
	severity: AlertSeverity;
	from: AlertState;
	to: AlertState;
	value: number | null;
	labels: Record<string, string>;
	repeat: boolean;
}

/** What GET /api/alerts answers: the alert system as this node runs it. */
export interface AlertsOverview {
	active: AlertView[];
	rules: AlertRule[];
	silences: Silence[];
	deliveries: DeliveryResult[];
	channels: string[];
	/** this node sends the external notifications and writes the history */
	leader: boolean;
}
