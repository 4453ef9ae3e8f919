// Alert rules, states and notifications (shared by server and browser).
export type AlertSeverity = 'critical' | 'warning' | 'info';
export type AlertState = 'ok' | 'pending' | 'firing' | 'resolved';
export type Comparator = '>' | '>=' | '<' | '<=';

export const ALERT_METRICS = {
	request_rate: 'gateway requests per second',
	hit_rate_pct: 'cache hit rate of recent requests, %',
	latency_p95_ms: 'p95 latency over the last 60 s, ms',
	spend_per_min_usd: 'spend per minute, USD',
	budget_burn_pct: "a budget's month-to-date spend, % of its amount (one alert per budget)",
	pii_per_hour: 'PII incidents in the last hour',
	redis_memory_pct: 'Redis used memory, % of maxmemory',
	redis_down: '1 while the dashboard cannot reach Redis',
	gateway_silence_s: 'seconds since the gateway last wrote',
	host_cpu_pct: 'host CPU load, % (while someone watches System Health)',
	host_memory_pct: 'host memory in use, %',
	host_disk_pct: 'fullest filesystem, % used'
} as const;
export type AlertMetric = keyof typeof ALERT_METRICS;

export interface AlertRule {
	id: string;
	name: string;
	/** threshold: compare with a fixed value; anomaly: depart from the learned baseline */
	kind: 'threshold' | 'anomaly';
	metric: AlertMetric;
	comparator: Comparator;
	threshold: number;
	forSeconds: number;
	severity: AlertSeverity;
	/** % of the threshold the value must come back past before the alert resolves */
	hysteresisPct: number;
	/** re-notify a long-firing, unacknowledged alert this often (0 = never) */
	repeatMinutes: number;
	labels: Record<string, string>;
	enabled: boolean;
}

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
