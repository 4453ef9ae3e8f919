// The Cache Performance room: hit rates (overall from the counters; exact/semantic and per
// model from helix:events), similarity histogram, contents, recommendations, flush progress.
import { KEYS, SEMANTIC_HIT_THRESHOLD } from '../../../shared/contract/keys.ts';
import type {
	CacheModelRow,
	CachePoint,
	CacheState,
	FlushStatus
} from '../../../shared/protocol/state/cache.ts';
import { recommend } from '../../cache/recommendations.ts';
import type { CacheSampler } from '../../cache/sampler.ts';
import { SIM_FROM, SIM_STEP } from '../../pipeline/event-stats.ts';
import type { Store } from '../../pipeline/store.ts';
import { redactText } from '../../security/pii/redact.ts';
import type { Topic } from './topic.ts';

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export class CacheTopic implements Topic<'cache'> {
	readonly room = 'cache' as const;
	#prev: { t: number; exact: number; semantic: number; miss: number } | null = null;

	constructor(
		private readonly sampler: CacheSampler,
		private readonly sampleMs: number,
		private readonly flush: () => FlushStatus | null
	) {}

	derive(store: Store, now: number): CacheState {
		const total = store.counters.get(KEYS.requestsTotal) ?? null;
		const hits = store.counters.get(KEYS.cacheHits) ?? null;
		const w = store.eventStats.window(now);
		const requests = w ? w.outcomes.exact + w.outcomes.semantic + w.outcomes.miss : 0;
		const window: CacheState['window'] = w
			? {
					minutes: w.minutes,
					requests,
					...w.outcomes,
					hitRate: ratio(w.outcomes.exact + w.outcomes.semantic, requests),
					exactRate: ratio(w.outcomes.exact, requests),
					semanticRate: ratio(w.outcomes.semantic, requests)
				}
			: null;
		const spend = w ? [...w.models.values()].reduce((a, m) => a + m.costUsd, 0) : 0;
		const perModel: CacheModelRow[] = w
			? [...w.models.entries()]
					.map(([model, m]) => ({
						// a model name is gateway text like any other: it may carry PII
						model: redactText(model),
						requests: m.requests,
						hitRate: (m.exact + m.semantic) / m.requests,
						exactRate: m.exact / m.requests,
						semanticRate: m.semantic / m.requests,
						costUsd: m.costUsd,
						savedUsd: m.savedUsd,
						spendShare: spend > 0 ? m.costUsd / spend : null,
						latencyP95Ms: m.lat.quantile(0.95),
						usdPerMTokens: m.tokens > 0 ? (m.pricedUsd / m.tokens) * 1e6 : null
					}))
					.sort((a, b) => b.requests - a.requests)
			: [];
		const recorded = w ? [...w.simHits, ...w.simMisses].reduce((a, b) => a + b, 0) : 0;
		const similarity: CacheState['similarity'] =
			w && recorded > 0
				? {
						threshold: SEMANTIC_HIT_THRESHOLD,
						from: SIM_FROM,
						step: SIM_STEP,
						hits: w.simHits,
						nearMisses: w.simMisses,
						recorded
					}
				: null;
		const contents = this.sampler.contents;
		return {
			requestsTotal: total,
			cacheHits: hits,
			hitRate: total !== null && hits !== null && total > 0 ? hits / total : null,
			window,
			perModel,
			similarity,
			contents,
			contentsError: this.sampler.error,
			sampleMs: this.sampleMs,
			recommendations: recommend(window, perModel, similarity, contents),
			flush: this.flush()
		};
	}

	/** a flush's progress answers an operator's action: it never waits for the room's cadence */
	urgent(): Partial<CacheState> {
		return { contentsError: this.sampler.error, flush: this.flush() };
	}

	/** Hit rates of the requests read from helix:events since the previous tick. */
	gap(now: number): CachePoint {
		this.#prev = null;
		return { t: now, hitRate: null, exactRate: null, semanticRate: null };
	}

	sample(store: Store, now: number): CachePoint {
		const o = store.outcomes;
		const prev = this.#prev;
		this.#prev = { t: now, ...o };
		if (!prev) return { t: now, hitRate: null, exactRate: null, semanticRate: null };
		const exact = o.exact - prev.exact;
		const semantic = o.semantic - prev.semantic;
		const n = exact + semantic + (o.miss - prev.miss);
		return {
			t: now,
			hitRate: ratio(exact + semantic, n),
			exactRate: ratio(exact, n),
			semanticRate: ratio(semantic, n)
		};
	}
}
