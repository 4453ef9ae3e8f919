// Rule validation and the defaults an operator gets out of the box (all editable).
import { z } from 'zod';
import { ALERT_METRICS, type AlertMetric } from '../../shared/protocol/alerts.ts';

export const ruleSchema = z
	.object({
		name: z
			.string()
			.trim()
			.min(1, 'name must not be empty')
			.max(100, 'name is at most 100 characters'),
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
		hysteresisPct: z.number().min(0).max(100).default(5),
		repeatMinutes: z.number().int().min(0).max(10_080).default(60),
		labels: z.record(z.string().max(50), z.string().max(200)).default({}),
		enabled: z.boolean().default(true)
	})
	.strict();

export type RuleInput = z.infer<typeof ruleSchema>;

/** Defaults: budget exceeded and Redis down are critical; low hit rate and rising latency are warnings; status changes (gateway silent, unusual traffic) are info. */
export const DEFAULT_RULES: (RuleInput & { id: string })[] = [
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
	}
];
