// The Cache Performance room: hit rates, similarity, contents, recommendations, flushes.
import type { FlushTarget } from '../cache.ts';

export interface CacheKindContents {
	count: number;
	/** how the count was taken */
	source: string;
	/** entries read for memory, TTL and age */
	sampled: number;
	/** mean MEMORY USAGE of the sample × count */
	memoryBytesEstimate: number | null;
	/** sampled entries per remaining-TTL bucket (labels in CacheContents.buckets) */
	ttl: number[];
	noExpiry: number;
	/** sampled entries per age bucket, where created_at is recorded */
	age: number[];
	ageUnknown: number;
	/** models of the sampled entries that record one */
	sampleModels: { model: string; count: number }[];
}

export interface CacheContents {
	at: number;
	exact: CacheKindContents;
	semantic: CacheKindContents;
	buckets: string[];
	/** Redis expired_keys per second between the last two samples (all keys, not only cache) */
	expiredPerS: number | null;
}

export interface Recommendation {
	id: string;
	title: string;
	detail: string;
	/** the real figures that triggered it */
	figures: { label: string; value: string }[];
}

export interface CacheModelRow {
	model: string;
	requests: number;
	hitRate: number;
	exactRate: number;
	semanticRate: number;
	costUsd: number;
	savedUsd: number;
	/** share of the window's spend */
	spendShare: number | null;
	/** latency p95 over the window (a mergeable sketch, ±2%) */
	latencyP95Ms: number | null;
	/** the price the spend implies: USD per 1M tokens of the misses that recorded tokens */
	usdPerMTokens: number | null;
}

export interface FlushStatus {
	id: string;
	target: FlushTarget;
	model: string | null;
	scanned: number;
	deleted: number;
	done: boolean;
	error: string | null;
	startedAt: number;
	finishedAt: number | null;
}

export interface CacheState {
	requestsTotal: number | null;
	cacheHits: number | null;
	hitRate: number | null;
	/** from helix:events over the last `minutes`; null without events */
	window: {
		minutes: number;
		requests: number;
		exact: number;
		semantic: number;
		miss: number;
		hitRate: number | null;
		exactRate: number | null;
		semanticRate: number | null;
	} | null;
	perModel: CacheModelRow[];
	similarity: {
		threshold: number;
		from: number;
		step: number;
		hits: number[];
		nearMisses: number[];
		recorded: number;
	} | null;
	contents: CacheContents | null;
	contentsError: string | null;
	sampleMs: number;
	recommendations: Recommendation[];
	flush: FlushStatus | null;
}

export interface CachePoint {
	t: number;
	hitRate: number | null;
	exactRate: number | null;
	semanticRate: number | null;
}
