// The Overview room: headline KPIs and the requests/s, hit rate and spend-rate trends.
import { KEYS } from '../../../shared/contract/keys.ts';
import { dateInZone, type Zone } from '../../../shared/time.ts';
import type {
	GoldenFigure,
	LatencyFigure,
	OverviewState,
	TrendPoint
} from '../../../shared/protocol/state/overview.ts';
import type { Store } from '../../pipeline/store.ts';
import type { Topic } from './topic.ts';

interface Sample {
	t: number;
	total: number | null;
	hits: number | null;
	spend: number | null;
}

function latencyFigure(store: Store): LatencyFigure | null {
	const w = store.latency;
	if (w.size > 0) {
		return {
			source: 'events',
			windowS: w.windowMs / 1000,
			samples: w.size,
			p50Ms: w.percentile(50)!,
			p95Ms: w.percentile(95)!,
			p99Ms: w.percentile(99)!
		};
	}
	// helix:latency:p99 is seconds and is really the all-time maximum (docs/data-contract.md)
	if (store.latencyMaxS !== null) return { source: 'max', maxMs: store.latencyMaxS * 1000 };
	return null;
}

function goldenFigure(store: Store, now: number): GoldenFigure | null {
	const w = store.eventStats.window(now);
	if (!w) return null;
	const g = w.golden;
	const requests = w.outcomes.exact + w.outcomes.semantic + w.outcomes.miss;
	const seconds = Math.max(1, (now - w.since) / 1000);
	return {
		minutes: w.minutes,
		requests,
		withStatus: g.withStatus,
		errors: g.errors,
		errorRate: g.withStatus ? g.errors / g.withStatus : null,
		ttftP95Ms: g.ttft.quantile(0.95),
		ttftSamples: g.ttft.count,
		tokensPerS: g.withTokens ? g.tokens / seconds : null
	};
}

/** Rate of a counter between two samples; null across a reset or a gap in the data. */
function rate(a: number | null, b: number | null, seconds: number): number | null {
	if (a === null || b === null || b < a || seconds <= 0) return null;
	return (b - a) / seconds;
}

/**
 * After an outage the rates stay a gap this long: a gateway that queued its writes while
 * Redis was away flushes them now, and a counter jump of minutes of traffic is not one
 * second's requests (it drew 2,250 req/s spikes that flattened the chart).
 */
export const SETTLE_MS = 5_000;

export class OverviewTopic implements Topic<'overview'> {
	readonly room = 'overview' as const;
	#prev: Sample | null = null;
	#settleUntil = 0;

	constructor(private readonly timezone: Zone) {}

	derive(store: Store, now: number): OverviewState {
		store.latency.expire(now);
		const total = store.counters.get(KEYS.requestsTotal) ?? null;
		const hits = store.counters.get(KEYS.cacheHits) ?? null;
		const today = dateInZone(now, this.timezone);
		const spendDays = store.daily.get(KEYS.spendTotal);
		return {
			requestsTotal: total,
			cacheHits: hits,
			hitRate: total !== null && hits !== null && total > 0 ? hits / total : null,
			costSavedUsd: store.dailySum(KEYS.savedTotal),
			spendTodayUsd: spendDays ? (spendDays.get(today) ?? 0) : null,
			spendTotalUsd: store.dailySum(KEYS.spendTotal),
			today,
			latency: latencyFigure(store),
			golden: goldenFigure(store, now),
			piiIncidents: store.listLengths.get(KEYS.piiIncidents) ?? null,
			lastWriteAt: store.lastWriteAt,
			problems: store.problemList()
		};
	}

	/** an incident, a data problem or a new day is news: it never waits for the room's cadence */
	urgent(store: Store, now: number): Partial<OverviewState> {
		return {
			piiIncidents: store.listLengths.get(KEYS.piiIncidents) ?? null,
			problems: store.problemList(),
			today: dateInZone(now, this.timezone)
		};
	}

	gap(now: number): TrendPoint {
		this.#prev = null;
		this.#settleUntil = now + SETTLE_MS;
		return { t: now, reqPerS: null, hitRate: null, spendPerMin: null };
	}

	sample(store: Store, now: number): TrendPoint {
		const cur: Sample = {
			t: now,
			total: store.counters.get(KEYS.requestsTotal) ?? null,
			hits: store.counters.get(KEYS.cacheHits) ?? null,
			spend: store.dailySum(KEYS.spendTotal)
		};
		const prev = this.#prev;
		this.#prev = cur;
		if (!prev || now < this.#settleUntil)
			return { t: now, reqPerS: null, hitRate: null, spendPerMin: null };
		const s = (now - prev.t) / 1000;
		const dTotal = rate(prev.total, cur.total, 1);
		const dHits = rate(prev.hits, cur.hits, 1);
		const spendPerS =
			prev.spend !== null && cur.spend !== null && cur.spend >= prev.spend
				? (cur.spend - prev.spend) / s
				: null;
		return {
			t: now,
			reqPerS: dTotal === null ? null : dTotal / s,
			hitRate: dTotal && dHits !== null ? Math.min(1, dHits / dTotal) : null,
			spendPerMin: spendPerS === null ? null : spendPerS * 60
		};
	}
}
