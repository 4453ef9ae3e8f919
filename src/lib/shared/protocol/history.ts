// History: the metrics the rollups keep, the query the API takes, and what it answers
// (shared by server and browser). docs/history.md explains tiers, sources and gaps.
import { z } from 'zod';
import {
	formatBytes,
	formatInt,
	formatMs,
	formatPct,
	formatPercent,
	formatQuantity,
	formatUsd
} from '../format.ts';

export const HISTORY_METRICS = {
	requests: { unit: 'count', label: 'requests', by: ['model', 'team'] },
	hits_exact: { unit: 'count', label: 'exact cache hits', by: ['model', 'team'] },
	hits_semantic: { unit: 'count', label: 'semantic cache hits', by: ['model', 'team'] },
	misses: { unit: 'count', label: 'cache misses', by: ['model', 'team'] },
	hit_rate: { unit: 'ratio', label: 'cache hit rate', by: ['model', 'team'] },
	spend_usd: { unit: 'usd', label: 'spend', by: ['model', 'team'] },
	saved_usd: { unit: 'usd', label: 'saved by the cache', by: ['model', 'team'] },
	latency_p50_ms: { unit: 'ms', label: 'latency p50', by: ['model', 'team'] },
	latency_p95_ms: { unit: 'ms', label: 'latency p95', by: ['model', 'team'] },
	latency_p99_ms: { unit: 'ms', label: 'latency p99', by: ['model', 'team'] },
	tokens_in: { unit: 'count', label: 'tokens in', by: ['model', 'team'] },
	tokens_out: { unit: 'count', label: 'tokens out', by: ['model', 'team'] },
	tokens_per_s: { unit: 'per_s', label: 'tokens per second', by: ['model', 'team'] },
	errors: { unit: 'count', label: 'errors', by: ['model', 'team'] },
	error_rate: { unit: 'ratio', label: 'error rate', by: ['model', 'team'] },
	ttft_p95_ms: { unit: 'ms', label: 'time to first token p95', by: ['model', 'team'] },
	pii_incidents: { unit: 'count', label: 'PII incidents', by: [] },
	cpu_pct: { unit: 'pct', label: 'host CPU', by: [] },
	mem_pct: { unit: 'pct', label: 'host memory', by: [] },
	redis_used_memory_bytes: { unit: 'bytes', label: 'Redis used memory', by: [] },
	redis_ops_per_sec: { unit: 'per_s', label: 'Redis operations', by: [] },
	event_loop_lag_ms: { unit: 'ms', label: 'event-loop lag p99', by: [] }
} as const satisfies Record<
	string,
	{
		unit: 'count' | 'ratio' | 'usd' | 'ms' | 'pct' | 'bytes' | 'per_s';
		label: string;
		by: readonly ('model' | 'team')[];
	}
>;
export type HistoryMetric = keyof typeof HISTORY_METRICS;
export const HISTORY_METRIC_NAMES = Object.keys(HISTORY_METRICS) as HistoryMetric[];

/** How a history value prints: the one formatter per kind (shared/format.ts). */
export function formatHistoryValue(m: HistoryMetric, v: number | null | undefined): string {
	switch (HISTORY_METRICS[m].unit) {
		case 'count':
			return formatInt(v === null || v === undefined ? v : Math.round(v));
		case 'ratio':
			return formatPercent(v);
		case 'usd':
			return formatUsd(v);
		case 'ms':
			return formatMs(v);
		case 'pct':
			return formatPct(v, 1);
		case 'bytes':
			return formatBytes(v);
		case 'per_s':
			return formatQuantity(v, 'per_s');
	}
}

/** Ranges the pages offer; `live` is the pushed last 15 minutes. */
export const HISTORY_RANGES = {
	live: 15 * 60_000,
	'1h': 3_600_000,
	'6h': 6 * 3_600_000,
	'24h': 24 * 3_600_000,
	'7d': 7 * 86_400_000,
	'30d': 30 * 86_400_000,
	'90d': 90 * 86_400_000
} as const;
export type HistoryRange = keyof typeof HISTORY_RANGES;

/** the longest range one query may span */
export const MAX_HISTORY_SPAN_MS = 400 * 86_400_000;
const NAME = z
	.string()
	.min(1, 'must not be empty')
	.max(200, 'is at most 200 characters')
	.refine((s) => ![...s].some((c) => c < ' '), 'must not hold control characters');
/** a query parameter in ms since the epoch (a string in, a number out) */
export const msParam = (name: string) =>
	z.coerce
		.number({ error: `${name} must be a number of milliseconds` })
		.int(`${name} must be a whole number of milliseconds`)
		.min(0, `${name} must not be negative`)
		.max(8.64e15, `${name} is beyond any date`);

/** GET /api/history query parameters (strings in, numbers out); refinements name the parameter. */
export const historyQuerySchema = z
	.object({
		metric: z.enum(HISTORY_METRIC_NAMES as [HistoryMetric, ...HistoryMetric[]], {
			error: `metric must be one of ${HISTORY_METRIC_NAMES.join(', ')}`
		}),
		from: msParam('from'),
		to: msParam('to'),
		step: msParam('step').optional(),
		model: NAME.optional(),
		team: NAME.optional()
	})
	.refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] })
	.refine((q) => q.to - q.from <= MAX_HISTORY_SPAN_MS, {
		message: 'the range is at most 400 days',
		path: ['from']
	})
	.refine((q) => !(q.model && q.team), {
		message: 'give model or team, not both',
		path: ['team']
	})
	.refine((q) => !(q.model || q.team) || HISTORY_METRICS[q.metric].by.length > 0, {
		message: 'this metric has no per-model or per-team series',
		path: ['metric']
	});
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

export const HISTORY_TIERS = ['10s', '1m', '5m', '1h'] as const;
export type HistoryTier = (typeof HISTORY_TIERS)[number];

/** [bucket start (ms), value]; null: no source observed that bucket (a gap, never a zero). */
export type HistoryPoint = [number, number | null];

export interface HistoryAnswer {
	metric: HistoryMetric;
	step_ms: number;
	from: number;
	to: number;
	/** the rollup tier the points come from */
	tier: HistoryTier;
	points: HistoryPoint[];
	/** the metric over the whole range (a total, a ratio of sums, a merged quantile, a mean) */
	summary: number | null;
}

/** What an operator caused or suffered, drawn as a marker on every time chart. */
export interface Annotation {
	at: number;
	kind: 'flush' | 'alert' | 'change' | 'restart' | 'outage' | 'notifications';
	text: string;
	/** where it ends, for things with a duration (an outage) */
	until?: number;
}

/** history:watch — the query whose newest steps a chart wants pushed (from its last answer) */
export const historyWatchSchema = z.object({
	metric: z.enum(HISTORY_METRIC_NAMES as [HistoryMetric, ...HistoryMetric[]], {
		error: `metric must be one of ${HISTORY_METRIC_NAMES.join(', ')}`
	}),
	tier: z.enum(HISTORY_TIERS, { error: 'tier must be 10s, 1m, 5m or 1h' }),
	step: z
		.number({ error: 'step must be a number of milliseconds' })
		.int()
		.min(10_000, 'step is at least 10 s')
		.max(30 * 86_400_000, 'step is at most 30 days'),
	model: NAME.optional(),
	team: NAME.optional()
});
export type HistoryWatch = z.infer<typeof historyWatchSchema>;

/** The range a page shows, as its URL says: `?range=24h` (ending now) or `?from=&to=` (ms). */
export interface ViewRange {
	key: HistoryRange | 'custom';
	from: number;
	to: number;
	/** the range ends at "now": its newest step keeps updating live */
	endsNow: boolean;
}

/** Reads the range from URL parameters; anything unreadable is the Live view. */
export function rangeOf(params: URLSearchParams, now: number): ViewRange {
	const from = Number(params.get('from'));
	const to = Number(params.get('to'));
	if (
		params.has('from') &&
		params.has('to') &&
		Number.isSafeInteger(from) &&
		Number.isSafeInteger(to) &&
		from >= 0 &&
		to > from &&
		to - from <= MAX_HISTORY_SPAN_MS
	)
		return { key: 'custom', from, to: Math.min(to, now), endsNow: to >= now };
	const key = params.get('range');
	const r: HistoryRange = key && key in HISTORY_RANGES ? (key as HistoryRange) : 'live';
	return { key: r, from: now - HISTORY_RANGES[r], to: now, endsNow: true };
}

/** "24 h", "7 days", or the custom span in the largest whole unit that fits */
export function spanLabel(ms: number): string {
	const h = ms / 3_600_000;
	if (h < 1) return `${Math.round(ms / 60_000)} min`;
	if (h < 48) return `${Math.round(h * 10) / 10} h`;
	return `${Math.round((h / 24) * 10) / 10} days`;
}

/** An entity page's range: as rangeOf, but the pushed 15 minutes are not a history, so an
 * absent or "live" range is the last 24 hours. */
/** the history tiles of a model's and a team's page */
export const ENTITY_TILES: HistoryMetric[] = [
	'requests',
	'hit_rate',
	'spend_usd',
	'latency_p95_ms',
	'ttft_p95_ms',
	'error_rate',
	'tokens_per_s'
];

export function entityRange(params: URLSearchParams, now: number): ViewRange {
	const r = rangeOf(params, now);
	return r.key === 'live' ? rangeOf(new URLSearchParams({ range: '24h' }), now) : r;
}
