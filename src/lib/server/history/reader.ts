// GET /api/history: the finest tier that holds the range in at most MAX_DATA_POINTS steps,
// buckets merged per step (counts add, sketches merge, gauges average), and each step a real
// figure where a source observed it and null (a gap) where none did. Reads only Redis, so
// every node answers the same, before and after any restart.
import type { HistoryAnswer, HistoryMetric, HistoryQuery } from '../../shared/protocol/history.ts';
import type { Zone } from '../../shared/time.ts';
import type { RedisClient } from '../redis/client.ts';
import { Coverage } from './coverage.ts';
import {
	bucketOfField,
	modelSeries,
	recordKey,
	seriesSetKey,
	STATE_KEY,
	teamSeries,
	TOTAL,
	type SeriesId
} from './keys.ts';
import {
	decodeRecord,
	emptyRecord,
	isGaugeMetric,
	mergeInto,
	metricValue,
	type BucketRecord
} from './record.ts';
import { bucketOf, chunkOf, plan, stepKey, stepsOf, type Tier, type TierName } from './tiers.ts';

export interface ReaderDeps {
	client: RedisClient;
	tiers: Tier[];
	zone: Zone;
	maxPoints: number;
}

export class HistoryReader {
	constructor(private readonly deps: ReaderDeps) {}

	async query(q: HistoryQuery, now: number): Promise<HistoryAnswer> {
		const { tiers, maxPoints } = this.deps;
		const bySeries = Boolean(q.model || q.team);
		const p = plan(tiers, q.from, q.to, now, maxPoints, { step: q.step, bySeries });
		return {
			metric: q.metric as HistoryMetric,
			step_ms: p.stepMs,
			from: q.from,
			to: q.to,
			tier: p.tier.name,
			...(await this.#read(q, p.tier, p.stepMs))
		};
	}

	/** The steps of a watched query from the one holding `from` (live.ts), the open one last. */
	async tip(
		w: { metric: HistoryMetric; tier: string; step: number; model?: string; team?: string },
		from: number,
		now: number
	): Promise<[number, number | null][]> {
		const tier = this.deps.tiers.find((t) => t.name === w.tier);
		if (!tier) return [];
		// at least the step before the open one: it may just have closed
		const q = {
			metric: w.metric,
			model: w.model,
			team: w.team,
			from: Math.min(from, now - w.step),
			to: now + 1
		};
		return (await this.#read(q, tier, w.step)).points;
	}

	async #read(
		q: Pick<HistoryQuery, 'metric' | 'from' | 'to' | 'model' | 'team'>,
		tier: Tier,
		stepMs: number
	): Promise<Pick<HistoryAnswer, 'points' | 'summary'>> {
		const { zone } = this.deps;
		const p = { tier, stepMs };
		const series: SeriesId = q.model ? modelSeries(q.model) : q.team ? teamSeries(q.team) : TOTAL;
		const [records, coverage] = await Promise.all([
			this.#records(p.tier, series, q.from, q.to),
			this.#coverage()
		]);
		const { steps, stepOf } = stepsOf(p.tier, p.stepMs, q.from, q.to, zone);
		const merged = new Map<number, BucketRecord>();
		for (const [bucket, rec] of records) {
			const k = stepOf?.get(bucket) ?? stepKey(bucket, p.tier, p.stepMs, zone);
			const cur = merged.get(k);
			// into a fresh record: the stored ones are merged again for the summary below
			merged.set(k, mergeInto(cur ?? emptyRecord(), rec));
		}
		const gauge = isGaugeMetric(q.metric);
		// the whole range as one merged record: a total, a ratio of sums, a quantile of the merged
		// sketch (exact over the range, never a mean of the steps' figures)
		const all = emptyRecord();
		for (const rec of records.values()) mergeInto(all, rec);
		const observed = gauge || coverage.touches(q.from, q.to);
		return {
			summary: metricValue(q.metric, all, observed, (q.to - q.from) / 1000),
			points: steps.map(([start, end]): [number, number | null] => {
				const seen = gauge || coverage.touches(start, end);
				const r = merged.get(start) ?? emptyRecord();
				return [start, metricValue(q.metric, r, seen, (end - start) / 1000)];
			})
		};
	}

	/**
	 * The total series' records of one tier with buckets starting in [from, to), and which
	 * times some source observed — for figures computed from the rollups (the SLOs).
	 */
	async totals(
		tierName: TierName,
		from: number,
		to: number,
		/** a model's series instead (the hour tier's, or the 1-minute one an SLO asks for) */
		model?: string
	): Promise<{ records: Map<number, BucketRecord>; coverage: Coverage } | null> {
		const tier = this.deps.tiers.find((t) => t.name === tierName);
		if (!tier) return null;
		const [records, coverage] = await Promise.all([
			this.#records(tier, model ? modelSeries(model) : TOTAL, from, to),
			this.#coverage()
		]);
		return { records, coverage };
	}

	/**
	 * Every record of one series of the tier `plan` picks for [from, to) (at most `maxPoints`
	 * steps; `bySeries`: the hour tier) merged into one, and whether a source observed the
	 * range — for figures over a whole range (the cache what-if).
	 */
	async merged(
		series: { model?: string } | null,
		from: number,
		to: number,
		now: number,
		maxPoints: number
	): Promise<{ tier: TierName; record: BucketRecord; observed: boolean }> {
		const p = plan(this.deps.tiers, from, to, now, maxPoints, { bySeries: Boolean(series) });
		const id = series?.model ? modelSeries(series.model) : TOTAL;
		const [records, coverage] = await Promise.all([
			this.#records(p.tier, id, from, to),
			this.#coverage()
		]);
		const record = emptyRecord();
		for (const r of records.values()) mergeInto(record, r);
		return { tier: p.tier.name, record, observed: coverage.touches(from, to) };
	}

	/** the model or team names the hour tier keeps series for (at most MAX_SERIES) */
	seriesNames(kind: 'model' | 'team'): Promise<string[]> {
		return this.deps.client.sMembers(seriesSetKey(kind));
	}

	/** The records of one series with buckets in [from, to), by bucket start. */
	async #records(
		tier: Tier,
		series: SeriesId,
		from: number,
		to: number
	): Promise<Map<number, BucketRecord>> {
		const first = chunkOf(bucketOf(from, tier, this.deps.zone), tier);
		const last = chunkOf(to, tier);
		const keys: string[] = [];
		for (let c = first; c <= last; c++) keys.push(recordKey(tier.name, series, c));
		const out = new Map<number, BucketRecord>();
		const lo = bucketOf(from, tier, this.deps.zone);
		const hashes = await Promise.all(keys.map((k) => this.deps.client.hGetAll(k)));
		for (const h of hashes)
			for (const [field, value] of Object.entries(h)) {
				const b = bucketOfField(field);
				if (b >= lo && b < to) out.set(b, decodeRecord(value));
			}
		return out;
	}

	async #coverage(): Promise<Coverage> {
		return Coverage.decode(await this.deps.client.hGet(STATE_KEY, 'coverage'));
	}
}
