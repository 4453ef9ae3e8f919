// The defaults an operator gets out of the box (all editable); rules validate with
// ruleSchema (shared/protocol/alerts.ts).
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import type { AlertRule } from '../../shared/protocol/alerts.ts';
import type { RedisClient } from '../redis/client.ts';

/**
 * Defaults: budget exceeded, Redis down (or not answering), a lost account store and a PII
 * surge are critical (a firing critical alert takes over the NOC wall until acknowledged);
 * low hit rate and rising latency are warnings; status changes (gateway silent, unusual
 * traffic) are info. The PII threshold is sized above steady leakage (the demo writes ~30 an
 * hour) so that only a surge takes the wall.
 */
export const DEFAULT_RULES: AlertRule[] = [
	{
		id: 'default-redis-down',
		name: 'Redis down',
		kind: 'threshold',
		metric: 'redis_down',
		comparator: '>=',
		threshold: 1,
		forSeconds: 5,
		severity: 'critical',
		hysteresisPct: 0,
		repeatMinutes: 30,
		labels: {},
		enabled: true
	},
	{
		id: 'default-accounts-lost',
		name: 'Account store lost',
		kind: 'threshold',
		metric: 'accounts_lost',
		comparator: '>=',
		threshold: 1,
		forSeconds: 0,
		severity: 'critical',
		hysteresisPct: 0,
		repeatMinutes: 60,
		labels: {},
		enabled: true
	},
	{
		id: 'default-budget-exceeded',
		name: 'Budget exceeded',
		kind: 'threshold',
		metric: 'budget_burn_pct',
		comparator: '>=',
		threshold: 100,
		forSeconds: 0,
		severity: 'critical',
		hysteresisPct: 1,
		repeatMinutes: 240,
		labels: {},
		enabled: true
	},
	{
		// a warning while there is time to act: resolves below 98% of the budget (hysteresis 2)
		id: 'default-budget-forecast',
		name: 'Budget projected to exceed',
		kind: 'threshold',
		metric: 'budget_forecast_pct',
		comparator: '>=',
		threshold: 100,
		forSeconds: 0,
		severity: 'warning',
		hysteresisPct: 2,
		repeatMinutes: 720,
		labels: {},
		enabled: true
	},
	{
		id: 'default-pii-surge',
		name: 'PII incidents above 100 an hour',
		kind: 'threshold',
		metric: 'pii_per_hour',
		comparator: '>',
		threshold: 100,
		forSeconds: 60,
		severity: 'critical',
		hysteresisPct: 10,
		repeatMinutes: 60,
		labels: {},
		enabled: true
	},
	{
		id: 'default-low-hit-rate',
		name: 'Low cache hit rate',
		kind: 'threshold',
		metric: 'hit_rate_pct',
		comparator: '<',
		threshold: 20,
		forSeconds: 300,
		severity: 'warning',
		hysteresisPct: 10,
		repeatMinutes: 120,
		labels: {},
		enabled: true
	},
	{
		id: 'default-latency',
		name: 'Rising latency (p95)',
		kind: 'threshold',
		metric: 'latency_p95_ms',
		comparator: '>',
		threshold: 5000,
		forSeconds: 120,
		severity: 'warning',
		hysteresisPct: 10,
		repeatMinutes: 120,
		labels: {},
		enabled: true
	},
	{
		id: 'default-host-cpu',
		name: 'Host CPU high',
		kind: 'threshold',
		metric: 'host_cpu_pct',
		comparator: '>',
		threshold: 90,
		forSeconds: 300,
		severity: 'warning',
		hysteresisPct: 10,
		repeatMinutes: 120,
		labels: {},
		enabled: true
	},
	{
		id: 'default-host-memory',
		name: 'Host memory high',
		kind: 'threshold',
		metric: 'host_memory_pct',
		comparator: '>',
		threshold: 90,
		forSeconds: 300,
		severity: 'warning',
		hysteresisPct: 5,
		repeatMinutes: 120,
		labels: {},
		enabled: true
	},
	{
		id: 'default-host-disk',
		name: 'Disk nearly full',
		kind: 'threshold',
		metric: 'host_disk_pct',
		comparator: '>',
		threshold: 90,
		forSeconds: 60,
		severity: 'warning',
		hysteresisPct: 2,
		repeatMinutes: 240,
		labels: {},
		enabled: true
	},
	{
		id: 'default-redis-memory',
		name: 'Redis memory near maxmemory',
		kind: 'threshold',
		metric: 'redis_memory_pct',
		comparator: '>',
		threshold: 90,
		forSeconds: 60,
		severity: 'warning',
		hysteresisPct: 5,
		repeatMinutes: 120,
		labels: {},
		enabled: true
	},
	{
		id: 'default-gateway-silent',
		name: 'Gateway silent for 10 minutes',
		kind: 'threshold',
		metric: 'gateway_silence_s',
		comparator: '>',
		threshold: 600,
		forSeconds: 0,
		severity: 'info',
		hysteresisPct: 0,
		repeatMinutes: 0,
		labels: {},
		enabled: true
	},
	{
		id: 'default-request-anomaly',
		name: 'Request rate unlike usual',
		kind: 'anomaly',
		metric: 'request_rate',
		comparator: '>',
		threshold: 3,
		forSeconds: 300,
		severity: 'info',
		hysteresisPct: 0,
		repeatMinutes: 0,
		labels: {},
		enabled: true
	},
	// the SRE workbook's multiwindow burn-rate alerts, one per SLO (docs/slo.md): a value at or
	// above the factor over both windows pages (critical) or makes a ticket (warning); hysteresis
	// 0, since the short window already ends the alert minutes after the burn stops
	...(
		[
			['fast', 'SLO burning fast (1 h & 5 min at 14.4×)', 14.4, 'critical'],
			['medium', 'SLO burning (6 h & 30 min at 6×)', 6, 'critical'],
			['slow', 'SLO budget eroding (3 d & 6 h at 1×)', 1, 'warning']
		] as const
	).map(([pair, name, threshold, severity]): AlertRule => ({
		id: `default-slo-burn-${pair}`,
		name,
		kind: 'threshold',
		metric: `slo_burn_${pair}`,
		comparator: '>=',
		threshold,
		forSeconds: 0,
		severity,
		hysteresisPct: 0,
		repeatMinutes: 60,
		labels: {},
		enabled: true
	}))
];

/** before defaults were seeded one by one: "1" meant every id of SEEDED_AT_ONCE was seeded */
const SEEDED_KEY = `${DASHBOARD_PREFIX}alert-rules:seeded`;
/** a set: the default rule ids ever seeded (a default the operator deleted stays deleted) */
const SEEDED_IDS_KEY = `${DASHBOARD_PREFIX}alert-rules:seeded-ids`;
const SEEDED_AT_ONCE = [
	'default-redis-down',
	'default-budget-exceeded',
	'default-low-hit-rate',
	'default-latency',
	'default-host-cpu',
	'default-host-memory',
	'default-host-disk',
	'default-redis-memory',
	'default-gateway-silent',
	'default-request-anomaly'
];

/**
 * Each default once, across nodes and restarts (SADD answers 1 on exactly one of them); a
 * default added in a later version reaches existing installations too, and one the operator
 * deleted stays deleted.
 */
export async function seedDefaults(client: RedisClient, rulesKey: string): Promise<void> {
	if ((await client.get(SEEDED_KEY)) === '1') {
		await client.sAdd(SEEDED_IDS_KEY, SEEDED_AT_ONCE);
		await client.del(SEEDED_KEY);
	}
	for (const { id, ...rest } of DEFAULT_RULES)
		if (await client.sAdd(SEEDED_IDS_KEY, id))
			await client.hSet(rulesKey, id, JSON.stringify(rest));
}
