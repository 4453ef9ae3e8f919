// Rolling aggregates of helix:events in one-minute buckets over the last STATS_MINUTES:
// outcomes, per-model figures, the similarity histogram, and the golden signals the
// optional fields allow (errors among the entries that record a status, time to first token
// as a mergeable sketch, tokens). Adding an event is O(1); reading merges at most
// STATS_MINUTES buckets.
import type { CacheOutcome, GatewayEvent } from '../../shared/contract/parse.ts';
import { LatencySketch } from '../history/sketch.ts';

export const STATS_MINUTES = 15;
/** similarity histogram: [0, SIM_FROM) in one bin, then bins of SIM_STEP up to 1 */
export const SIM_FROM = 0.6;
export const SIM_STEP = 0.02;
export const SIM_BINS = Math.round((1 - SIM_FROM) / SIM_STEP) + 1;

export interface ModelFigures {
	requests: number;
	exact: number;
	semantic: number;
	costUsd: number;
	savedUsd: number;
	/** the model's latencies (the Cache table's p95: "which model is slow") */
	lat: LatencySketch;
	/** tokens in + out, and the misses' spend over the misses that recorded tokens */
	tokens: number;
	pricedUsd: number;
}

interface Bucket {
	minute: number;
	outcomes: Record<CacheOutcome, number>;
	models: Map<string, ModelFigures>;
	/** semantic hits per similarity bin */
	simHits: number[];
	/** misses that recorded a best similarity (near-misses) per bin */
	simMisses: number[];
	golden: Golden;
}

/** what the optional fields say: entries with a status and how many failed, TTFT, tokens */
export interface Golden {
	withStatus: number;
	errors: number;
	ttft: LatencySketch;
	/** tokens in + out of the entries that record them, and how many do */
	tokens: number;
	withTokens: number;
}

const modelFigures = (): ModelFigures => ({
	requests: 0,
	exact: 0,
	semantic: 0,
	costUsd: 0,
	savedUsd: 0,
	lat: new LatencySketch(),
	tokens: 0,
	pricedUsd: 0
});

const golden = (): Golden => ({
	withStatus: 0,
	errors: 0,
	ttft: new LatencySketch(),
	tokens: 0,
	withTokens: 0
});

export interface EventWindowStats {
	/** ms epoch where the oldest bucket in the window starts */
	since: number;
	golden: Golden;
	minutes: number;
	outcomes: Record<CacheOutcome, number>;
	models: Map<string, ModelFigures>;
	simHits: number[];
	simMisses: number[];
}

export function simBin(similarity: number): number {
	if (similarity < SIM_FROM) return 0;
	return Math.min(SIM_BINS - 1, 1 + Math.floor((similarity - SIM_FROM + 1e-9) / SIM_STEP));
}

export class EventStats {
	#buckets: Bucket[] = [];

	reset(): void {
		this.#buckets = [];
	}

	add(ev: GatewayEvent): void {
		const minute = Math.floor(ev.ts / 60_000);
		let b = this.#buckets.find((x) => x.minute === minute);
		if (!b) {
			b = {
				minute,
				outcomes: { exact: 0, semantic: 0, miss: 0 },
				models: new Map(),
				simHits: new Array(SIM_BINS).fill(0),
				simMisses: new Array(SIM_BINS).fill(0),
				golden: golden()
			};
			this.#buckets.push(b);
			this.#buckets.sort((a, c) => a.minute - c.minute);
			if (this.#buckets.length > STATS_MINUTES + 1) this.#buckets.shift();
		}
		b.outcomes[ev.outcome]++;
		const m = b.models.get(ev.model) ?? modelFigures();
		m.requests++;
		if (ev.outcome === 'exact') m.exact++;
		if (ev.outcome === 'semantic') m.semantic++;
		m.costUsd += ev.costUsd;
		m.savedUsd += ev.savedUsd;
		m.lat.add(ev.latencyMs);
		if (ev.outcome === 'miss' && (ev.tokensIn !== null || ev.tokensOut !== null)) {
			m.tokens += (ev.tokensIn ?? 0) + (ev.tokensOut ?? 0);
			m.pricedUsd += ev.costUsd;
		}
		b.models.set(ev.model, m);
		if (ev.similarity !== null) {
			if (ev.outcome === 'semantic') b.simHits[simBin(ev.similarity)]!++;
			else if (ev.outcome === 'miss') b.simMisses[simBin(ev.similarity)]!++;
		}
		const g = b.golden;
		if (ev.status !== null) {
			g.withStatus++;
			if (ev.status === 'error') g.errors++;
		}
		if (ev.ttftMs !== null) g.ttft.add(ev.ttftMs);
		if (ev.tokensIn !== null || ev.tokensOut !== null) {
			g.tokens += (ev.tokensIn ?? 0) + (ev.tokensOut ?? 0);
			g.withTokens++;
		}
	}

	/** Totals over the buckets of the last STATS_MINUTES minutes before `now`. */
	window(now: number): EventWindowStats | null {
		const from = Math.floor(now / 60_000) - STATS_MINUTES + 1;
		const live = this.#buckets.filter((b) => b.minute >= from);
		if (live.length === 0) return null;
		const out: EventWindowStats = {
			since: live[0]!.minute * 60_000,
			golden: golden(),
			minutes: STATS_MINUTES,
			outcomes: { exact: 0, semantic: 0, miss: 0 },
			models: new Map(),
			simHits: new Array(SIM_BINS).fill(0),
			simMisses: new Array(SIM_BINS).fill(0)
		};
		for (const b of live) {
			for (const k of ['exact', 'semantic', 'miss'] as const) out.outcomes[k] += b.outcomes[k];
			for (const [name, m] of b.models) {
				const t = out.models.get(name) ?? modelFigures();
				t.requests += m.requests;
				t.exact += m.exact;
				t.semantic += m.semantic;
				t.costUsd += m.costUsd;
				t.savedUsd += m.savedUsd;
				t.lat.merge(m.lat);
				t.tokens += m.tokens;
				t.pricedUsd += m.pricedUsd;
				out.models.set(name, t);
			}
			b.simHits.forEach((n, i) => (out.simHits[i]! += n));
			b.simMisses.forEach((n, i) => (out.simMisses[i]! += n));
			const g = out.golden;
			g.withStatus += b.golden.withStatus;
			g.errors += b.golden.errors;
			g.ttft.merge(b.golden.ttft);
			g.tokens += b.golden.tokens;
			g.withTokens += b.golden.withTokens;
		}
		return out;
	}
}
