// One bucket of one series: counts and sums that add, a latency sketch that merges, and
// gauge samples (sum, count, max) that average. Stored as one compact JSON string per bucket;
// a value that does not parse reads as an empty bucket (and the writer overwrites it).
import type { HistoryMetric } from '../../shared/protocol/history.ts';
import { LatencySketch } from './sketch.ts';

export type Gauge = 'cpu' | 'mem' | 'rmem' | 'rops' | 'lag';
export const GAUGES: Gauge[] = ['cpu', 'mem', 'rmem', 'rops', 'lag'];

export interface BucketRecord {
	/** requests, exact hits, semantic hits, misses */
	r: number;
	x: number;
	s: number;
	m: number;
	/** tokens in and out */
	ti: number;
	to: number;
	/** PII incidents */
	p: number;
	/** spend and savings, USD */
	usd: number;
	sav: number;
	/** requests whose outcome is unknown (counter-only gateways: hits not split by kind) */
	hitsUnsplit: number;
	/** requests that said their status (the optional `status` field), and the errors among them */
	ws: number;
	e: number;
	lat: LatencySketch;
	/** time to first token, of the requests that recorded `ttft_ms` */
	ft: LatencySketch;
	/** gauge samples: [sum, count, max] */
	g: Partial<Record<Gauge, [number, number, number]>>;
	/**
	 * The best similarity of every semantic lookup that recorded one (hits and near-misses), in
	 * bins of 0.01 keyed by the bin's floor in hundredths (0.885 → 88): [semantic hits, misses,
	 * the hits' savings, the misses' spend] — what the Cache page's threshold what-if adds up.
	 * At most 101 bins per record, whatever the traffic.
	 */
	sim: Map<number, SimBin>;
}

/** [semantic hits, misses, hits' savings USD, misses' spend USD] */
export type SimBin = [number, number, number, number];

/** the bin of a similarity in [0, 1]: its floor in hundredths (an exact 0.88 is bin 88) */
export const simBinOf = (similarity: number) =>
	Math.min(100, Math.max(0, Math.floor(similarity * 100 + 1e-9)));

export function addSim(
	r: BucketRecord,
	similarity: number,
	hit: boolean,
	savedUsd: number,
	costUsd: number
): void {
	const k = simBinOf(similarity);
	const b = r.sim.get(k) ?? [0, 0, 0, 0];
	if (hit) {
		b[0]++;
		b[2] += savedUsd;
	} else {
		b[1]++;
		b[3] += costUsd;
	}
	r.sim.set(k, b);
}

export function emptyRecord(): BucketRecord {
	return {
		r: 0,
		x: 0,
		s: 0,
		m: 0,
		ti: 0,
		to: 0,
		p: 0,
		usd: 0,
		sav: 0,
		hitsUnsplit: 0,
		ws: 0,
		e: 0,
		lat: new LatencySketch(),
		ft: new LatencySketch(),
		g: {},
		sim: new Map()
	};
}

const NUM = ['r', 'x', 's', 'm', 'ti', 'to', 'p', 'usd', 'sav', 'hitsUnsplit', 'ws', 'e'] as const;

export function mergeInto(a: BucketRecord, b: BucketRecord): BucketRecord {
	for (const k of NUM) a[k] += b[k];
	a.lat.merge(b.lat);
	a.ft.merge(b.ft);
	for (const [k, v] of Object.entries(b.g) as [Gauge, [number, number, number]][]) {
		const cur = a.g[k];
		a.g[k] = cur ? [cur[0] + v[0], cur[1] + v[1], Math.max(cur[2], v[2])] : [...v];
	}
	for (const [k, v] of b.sim) {
		const cur = a.sim.get(k);
		a.sim.set(k, cur ? [cur[0] + v[0], cur[1] + v[1], cur[2] + v[2], cur[3] + v[3]] : [...v]);
	}
	return a;
}

export function addGauge(r: BucketRecord, g: Gauge, v: number): void {
	if (!Number.isFinite(v)) return;
	const cur = r.g[g];
	r.g[g] = cur ? [cur[0] + v, cur[1] + 1, Math.max(cur[2], v)] : [v, 1, v];
}

/** sums kept to 1e-9 USD so repeated additions do not drift into float noise */
const money = (n: number) => Math.round(n * 1e9) / 1e9;

export function encodeRecord(r: BucketRecord): string {
	const o: Record<string, unknown> = {};
	for (const k of NUM) if (r[k]) o[k] = k === 'usd' || k === 'sav' ? money(r[k]) : r[k];
	if (r.lat.count) o.l = r.lat.encode();
	if (r.ft.count) o.f = r.ft.encode();
	if (Object.keys(r.g).length) o.g = r.g;
	if (r.sim.size)
		o.h = Object.fromEntries(
			[...r.sim].map(([k, [h, m, sav, usd]]) => [k, [h, m, money(sav), money(usd)]])
		);
	return JSON.stringify(o);
}

export function decodeRecord(s: string | null | undefined): BucketRecord {
	const r = emptyRecord();
	if (!s) return r;
	let o: Record<string, unknown>;
	try {
		o = JSON.parse(s) as Record<string, unknown>;
	} catch {
		return r;
	}
	if (!o || typeof o !== 'object') return r;
	for (const k of NUM) {
		const v = Number(o[k] ?? 0);
		if (Number.isFinite(v) && v >= 0) r[k] = v;
	}
	if (typeof o.l === 'string') r.lat = LatencySketch.decode(o.l);
	if (typeof o.f === 'string') r.ft = LatencySketch.decode(o.f);
	if (o.g && typeof o.g === 'object')
		for (const k of GAUGES) {
			const v = (o.g as Record<string, unknown>)[k];
			if (Array.isArray(v) && v.length === 3 && v.every((x) => Number.isFinite(x)))
				r.g[k] = v as [number, number, number];
		}
	if (o.h && typeof o.h === 'object')
		for (const [k, v] of Object.entries(o.h as Record<string, unknown>)) {
			const bin = Number(k);
			if (!Number.isInteger(bin) || bin < 0 || bin > 100) continue;
			if (Array.isArray(v) && v.length === 4 && v.every((x) => Number.isFinite(x) && x >= 0))
				r.sim.set(bin, v as SimBin);
		}
	return r;
}

const GAUGE_OF: Partial<Record<HistoryMetric, Gauge>> = {
	cpu_pct: 'cpu',
	mem_pct: 'mem',
	redis_used_memory_bytes: 'rmem',
	redis_ops_per_sec: 'rops',
	event_loop_lag_ms: 'lag'
};

/** A metric is about traffic (events or counters) or a gauge sampled by the writer. */
export const isGaugeMetric = (m: HistoryMetric) => GAUGE_OF[m] !== undefined;

/**
 * The metric's value over a merged record. `observed`: whether a source covered it; an
 * unobserved traffic metric is null (a gap), an observed one with nothing in it is 0. Ratios
 * and quantiles of nothing are null; gauges are the mean of their samples, null with none.
 * `seconds`: the span the record covers (a rate divides by it). The error metrics count only
 * requests that said their status: with none that did, they are null, never 0.
 */
export function metricValue(
	m: HistoryMetric,
	r: BucketRecord,
	observed: boolean,
	seconds: number
): number | null {
	const g = GAUGE_OF[m];
	if (g) {
		const v = r.g[g];
		return v && v[1] > 0 ? v[0] / v[1] : null;
	}
	if (!observed) return null;
	switch (m) {
		case 'requests':
			return r.r;
		case 'hits_exact':
			return r.hitsUnsplit && !r.x ? null : r.x;
		case 'hits_semantic':
			return r.hitsUnsplit && !r.s ? null : r.s;
		case 'misses':
			return r.m;
		case 'hit_rate':
			return r.r > 0 ? (r.x + r.s + r.hitsUnsplit) / r.r : null;
		case 'spend_usd':
			return money(r.usd);
		case 'saved_usd':
			return money(r.sav);
		case 'tokens_in':
			return r.ti;
		case 'tokens_out':
			return r.to;
		case 'pii_incidents':
			return r.p;
		case 'latency_p50_ms':
			return r.lat.quantile(0.5);
		case 'latency_p95_ms':
			return r.lat.quantile(0.95);
		case 'latency_p99_ms':
			return r.lat.quantile(0.99);
		case 'errors':
			return r.ws > 0 ? r.e : null;
		case 'error_rate':
			return r.ws > 0 ? r.e / r.ws : null;
		case 'ttft_p95_ms':
			return r.ft.quantile(0.95);
		case 'tokens_per_s':
			return seconds > 0 ? (r.ti + r.to) / seconds : null;
		default:
			return null;
	}
}
