// The rollup tiers: bucket size, how long it is kept, which series it has, and how buckets
// group into a query's steps. 10 s, 1 min and 5 min buckets are UTC-aligned: every zone's
// offset is a multiple of 15 min, so they divide every local hour and day boundary. The 1 h
// tier is aligned to the configured zone's own hours (startOfHour), so per-hour and per-day
// figures are exact at +5:30, +5:45 and across DST days (23- and 25-hour days).
import { dateInZone, localTime, startOfDay, startOfHour, type Zone } from '../../shared/time.ts';
import type { HistoryTier } from '../../shared/protocol/history.ts';

export type TierName = HistoryTier;

export interface Tier {
	name: TierName;
	/** nominal bucket length */
	ms: number;
	/** buckets older than this are dropped (whole chunks expire) */
	retentionMs: number;
	/** per-model and per-team series (the others keep totals only) */
	bySeries: boolean;
	/** one Redis hash holds this much time of one series */
	chunkMs: number;
}

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

export const DEFAULT_RETENTION: Record<TierName, number> = {
	'10s': 6 * H,
	'1m': 8 * D,
	'5m': 30 * D,
	'1h': 400 * D
};

export function makeTiers(retention: Partial<Record<TierName, number>> = {}): Tier[] {
	const r = { ...DEFAULT_RETENTION, ...retention };
	return [
		{ name: '10s', ms: 10 * S, retentionMs: r['10s'], bySeries: false, chunkMs: H },
		{ name: '1m', ms: M, retentionMs: r['1m'], bySeries: false, chunkMs: D },
		{ name: '5m', ms: 5 * M, retentionMs: r['5m'], bySeries: false, chunkMs: D },
		{ name: '1h', ms: H, retentionMs: r['1h'], bySeries: true, chunkMs: 30 * D }
	];
}

/** "10s=6h,1m=8d,5m=30d,1h=400d" (any subset) → retention per tier; throws naming the entry. */
export function parseRetention(raw: string): Partial<Record<TierName, number>> {
	const out: Partial<Record<TierName, number>> = {};
	const unit = { s: S, m: M, h: H, d: D } as const;
	for (const part of raw
		.split(',')
		.map((p) => p.trim())
		.filter(Boolean)) {
		const m = /^(10s|1m|5m|1h)=(\d{1,5})([smhd])$/.exec(part);
		if (!m)
			throw new Error(
				`"${part.slice(0, 40)}" is not tier=duration (tiers 10s, 1m, 5m, 1h; e.g. 1h=400d)`
			);
		const ms = Number(m[2]) * unit[m[3] as keyof typeof unit];
		const tier = m[1] as TierName;
		const min = { '10s': 10 * M, '1m': H, '5m': D, '1h': D }[tier];
		if (ms < min || ms > 3_650 * D)
			throw new Error(`${tier} retention must be between ${min / M} min and 10 years`);
		out[tier] = ms;
	}
	return out;
}

/** The bucket an instant falls in. */
export function bucketOf(t: number, tier: Tier, zone: Zone): number {
	return tier.name === '1h' ? startOfHour(t, zone) : Math.floor(t / tier.ms) * tier.ms;
}

/** The next bucket's start (an hour bucket may last 30 or 90 minutes across DST in rare zones). */
export function nextBucket(start: number, tier: Tier, zone: Zone): number {
	if (tier.name !== '1h') return start + tier.ms;
	// the first local hour boundary after `start`
	let t = startOfHour(start + H, zone);
	if (t <= start) t = startOfHour(start + 2 * H, zone);
	return t;
}

export const chunkOf = (bucket: number, tier: Tier) => Math.floor(bucket / tier.chunkMs);

/**
 * A query step: `k` consecutive tier buckets. For the hour tier, steps of several hours start
 * at local midnight (k divides 24) and steps of days are local days, so they stay exact in the
 * zone; other tiers group on UTC multiples of the step.
 */
export function stepKey(bucket: number, tier: Tier, stepMs: number, zone: Zone): number {
	if (tier.name !== '1h') return Math.floor(bucket / stepMs) * stepMs;
	if (stepMs <= H) return bucket; // a local hour is its own step
	const date = dateInZone(bucket, zone);
	const day0 = startOfDay(date, zone);
	if (stepMs >= D) {
		// steps of n local days, counted from the Unix epoch's day number so they do not move
		const n = Math.round(stepMs / D);
		const dayNo = Math.round(Date.parse(`${date}T00:00:00Z`) / D);
		const first = dayNo - (((dayNo % n) + n) % n);
		return first === dayNo
			? day0
			: startOfDay(new Date(first * D).toISOString().slice(0, 10), zone);
	}
	const k = Math.round(stepMs / H);
	const hour = localTime(bucket, zone).hour;
	const groupHour = hour - (hour % k);
	// the first bucket of this group: walk back from the bucket to the group's first local hour
	let start = bucket;
	while (start > day0) {
		const prev = startOfHour(start - 1, zone);
		if (localTime(prev, zone).hour < groupHour || prev < day0) break;
		start = prev;
	}
	return start;
}

/** Step sizes a query may use, finest first (the hour tier's are whole hours dividing a day, then days). */
const NICE_STEPS = [
	10 * S,
	20 * S,
	30 * S,
	M,
	2 * M,
	5 * M,
	10 * M,
	15 * M,
	30 * M,
	H,
	2 * H,
	3 * H,
	6 * H,
	12 * H,
	D,
	2 * D,
	7 * D,
	14 * D,
	30 * D
];

export interface Plan {
	tier: Tier;
	stepMs: number;
}

/**
 * The finest tier that still holds `from` and answers in at most `maxPoints` steps, with the
 * finest nice step that is a multiple of its bucket; a coarser `step` asked for is honoured.
 * Per-model and per-team series live in the hour tier only.
 */
export function plan(
	tiers: Tier[],
	from: number,
	to: number,
	now: number,
	maxPoints: number,
	opts: { step?: number; bySeries?: boolean } = {}
): Plan {
	const span = to - from;
	const wanted = Math.max(opts.step ?? 0, span / Math.max(1, maxPoints));
	const usable = tiers.filter((t) => (!opts.bySeries || t.bySeries) && now - from <= t.retentionMs);
	const candidates = usable.length ? usable : [tiers.at(-1)!];
	for (const tier of candidates) {
		const step = NICE_STEPS.find((s) => s >= wanted && s % tier.ms === 0 && s >= tier.ms);
		if (step === undefined) continue;
		// the coarsest tier holding the same step is fewest reads, and steps of hours and days
		// land in the hour tier, whose buckets are the zone's own hours
		const coarser = candidates.findLast((c) => c.ms > tier.ms && step % c.ms === 0);
		return { tier: coarser ?? tier, stepMs: step };
	}
	const last = candidates.at(-1)!;
	return { tier: last, stepMs: Math.max(30 * D, Math.ceil(wanted / D) * D) };
}

/**
 * [start, end) of every step from the one holding `from` to the one holding `to - 1`; for
 * the hour tier also each bucket's step, found in one walk over the local hours (one zone
 * lookup a bucket, where stepKey per bucket costs ~10 in a DST zone). Equal to stepKey
 * bucket by bucket (tests/unit/history.test.ts).
 */
export function stepsOf(
	tier: Tier,
	stepMs: number,
	from: number,
	to: number,
	zone: Zone
): { steps: [number, number][]; stepOf: Map<number, number> | null } {
	const starts: number[] = [];
	let stepOf: Map<number, number> | null = null;
	if (tier.name !== '1h') {
		for (let s = Math.floor(from / stepMs) * stepMs; s < to; s += stepMs) starts.push(s);
	} else {
		stepOf = new Map();
		const k = Math.round(stepMs / H);
		const n = Math.round(stepMs / D);
		let group = Number.NaN;
		let day = '';
		let cur = Number.NaN;
		for (let b = bucketOf(from, tier, zone); b < to; b = nextBucket(b, tier, zone)) {
			const t = localTime(b, zone);
			const date = `${t.year}-${t.month}-${t.day}`;
			let g: number;
			if (stepMs <= H) g = b;
			else if (stepMs < D) g = Math.floor(t.hour / k);
			else g = Math.floor(Date.UTC(t.year, t.month - 1, t.day) / D / n);
			if (stepMs <= H || g !== group || (stepMs < D && date !== day)) {
				// the first step may begin before `from` (stepKey knows where); later ones begin here
				cur = starts.length ? b : stepKey(b, tier, stepMs, zone);
				starts.push(cur);
			}
			group = g;
			day = date;
			stepOf.set(b, cur);
		}
	}
	return { steps: starts.map((s, i) => [s, starts[i + 1] ?? Math.max(to, s + 1)]), stepOf };
}
