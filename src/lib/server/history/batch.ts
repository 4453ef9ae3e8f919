// What one writer round adds: bucket records per (tier, series, bucket), merged in memory,
// then merged with what Redis holds and committed at once (writer.ts).
import type { GatewayEvent } from '../../shared/contract/parse.ts';
import type { Zone } from '../../shared/time.ts';
import { fieldOf, modelSeries, recordKey, teamSeries, TOTAL, type SeriesId } from './keys.ts';
import {
	addGauge,
	addSim,
	emptyRecord,
	mergeInto,
	type BucketRecord,
	type Gauge
} from './record.ts';
import { bucketOf, chunkOf, type Tier } from './tiers.ts';

export interface Touched {
	key: string;
	field: string;
	tier: Tier;
	bucket: number;
	/** the chunk's expiry: its end plus the tier's retention */
	expireAt: number;
	rec: BucketRecord;
}

export class Batch {
	readonly touched = new Map<string, Touched>();
	/** first and last bucket changed per tier (the live tip the nodes refresh) */
	readonly span = new Map<string, [number, number]>();

	constructor(
		private readonly tiers: Tier[],
		private readonly zone: Zone,
		/** records older than a tier's retention are not written (they would expire at once) */
		private readonly now: number,
		/** maps a model or team name to the series it is kept under (bounded count) */
		private readonly name: (kind: 'model' | 'team', name: string) => string,
		/** models that also get a 1-minute series (an SLO names them) */
		private readonly fine: (model: string) => boolean = () => false
	) {}

	#rec(tier: Tier, series: SeriesId, t: number): BucketRecord | null {
		const bucket = bucketOf(t, tier, this.zone);
		if (this.now - bucket > tier.retentionMs) return null;
		const chunk = chunkOf(bucket, tier);
		const key = recordKey(tier.name, series, chunk);
		const field = fieldOf(bucket);
		const id = `${key}\u0000${field}`;
		let x = this.touched.get(id);
		if (!x) {
			x = {
				key,
				field,
				tier,
				bucket,
				expireAt: (chunk + 1) * tier.chunkMs + tier.retentionMs,
				rec: emptyRecord()
			};
			this.touched.set(id, x);
			const sp = this.span.get(tier.name);
			this.span.set(
				tier.name,
				sp ? [Math.min(sp[0], bucket), Math.max(sp[1], bucket)] : [bucket, bucket]
			);
		}
		return x.rec;
	}

	/** every tier's totals, the hour tier's per-model and per-team series, and the 1-minute
	 * tier's series of the models an SLO names */
	#each(t: number, model: string | null, team: string | null, f: (r: BucketRecord) => void): void {
		for (const tier of this.tiers) {
			const r = this.#rec(tier, TOTAL, t);
			if (r) f(r);
			if (!tier.bySeries) {
				if (tier.name === '1m' && model && this.fine(model)) {
					const m = this.#rec(tier, modelSeries(this.name('model', model)), t);
					if (m) f(m);
				}
				continue;
			}
			if (model) {
				const m = this.#rec(tier, modelSeries(this.name('model', model)), t);
				if (m) f(m);
			}
			if (team) {
				const g = this.#rec(tier, teamSeries(this.name('team', team)), t);
				if (g) f(g);
			}
		}
	}

	event(e: GatewayEvent, team: string | null): void {
		this.#each(e.ts, e.model, team, (r) => {
			r.r++;
			if (e.outcome === 'exact') r.x++;
			else if (e.outcome === 'semantic') r.s++;
			else r.m++;
			r.ti += e.tokensIn ?? 0;
			r.to += e.tokensOut ?? 0;
			r.usd += e.costUsd;
			r.sav += e.savedUsd;
			r.lat.add(e.latencyMs);
			if (e.status) {
				r.ws++;
				if (e.status === 'error') r.e++;
			}
			if (e.ttftMs !== null) r.ft.add(e.ttftMs);
			// hits and near-misses only: an exact hit's similarity says nothing about the threshold
			if (e.similarity !== null && e.outcome !== 'exact')
				addSim(r, e.similarity, e.outcome === 'semantic', e.savedUsd, e.costUsd);
		});
	}

	/** a counter-only gateway's increase since the last sample, in the bucket of `t` */
	counters(t: number, d: { requests: number; hits: number; spend: number; saved: number }): void {
		this.#each(t, null, null, (r) => {
			r.r += d.requests;
			r.hitsUnsplit += d.hits;
			r.m += Math.max(0, d.requests - d.hits);
			r.usd += d.spend;
			r.sav += d.saved;
		});
	}

	incident(ts: number): void {
		this.#each(ts, null, null, (r) => r.p++);
	}

	gauge(t: number, g: Gauge, v: number): void {
		this.#each(t, null, null, (r) => addGauge(r, g, v));
	}

	get size(): number {
		return this.touched.size;
	}

	/** merged with the stored records (same order as `fields()`) */
	mergeStored(stored: Map<string, BucketRecord>): void {
		for (const [id, x] of this.touched) {
			const old = stored.get(id);
			if (old) x.rec = mergeInto(old, x.rec);
		}
	}
}

export const touchedId = (key: string, field: string) => `${key}\u0000${field}`;
