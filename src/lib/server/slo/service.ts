// The objectives (a persisted collection, like budgets and groups: the API, the Admin and the
// configuration file write it) and their status, computed from the history rollups only —
// the 1-minute tier for windows up to 6 h, the 5-minute tier for 3 days, the hourly tier for
// the objective's window — so a status costs the same at 10 or 10,000 requests/s: at most
// three tier reads (≤ 360 + 864 + 2,160 records) per CACHE_MS for the gateway and each model
// an objective names (its series: the writer's 1-minute one, the hour tier's for 3 d and the
// window), shared by every caller.
import {
	BURN_WINDOWS,
	sloSchema,
	type BurnWindow,
	type Slo,
	type SloStatus
} from '../../shared/protocol/slo.ts';
import type { Clock } from '../../shared/time.ts';
import type { Coverage } from '../history/coverage.ts';
import { emptyRecord, mergeInto, type BucketRecord } from '../history/record.ts';
import type { HistoryReader } from '../history/reader.ts';
import type { TierName } from '../history/tiers.ts';
import { Collection } from '../platform/collection.ts';
import type { RedisClient } from '../redis/client.ts';
import { evaluate } from './evaluate.ts';

export const MAX_SLOS = 100;
/** statuses are recomputed at most this often (the rollups move once a minute) */
export const CACHE_MS = 15_000;

const TIER_OF: Record<BurnWindow, TierName> = {
	'5m': '1m',
	'30m': '1m',
	'1h': '1m',
	'6h': '1m',
	'3d': '5m'
};

type Read = { records: Map<number, BucketRecord>; coverage: Coverage };
type Figures = { hourly: Read | null; burn: Record<BurnWindow, BucketRecord | null> };

/** the records of [now - ms, now) merged; null when no source observed any of it */
function merged(read: Read | null, now: number, ms: number): BucketRecord | null {
	if (!read || !read.coverage.touches(now - ms, now)) return null;
	const out = emptyRecord();
	for (const [start, r] of read.records) if (start >= now - ms && start < now) mergeInto(out, r);
	return out;
}

/** the alerts hold their state (no value) when the last status is older than this */
export const STALE_MS = 120_000;

export class SloService {
	readonly objectives: Collection<Slo>;
	#cache: { at: number; statuses: Promise<SloStatus[]> } | null = null;
	#latest: SloStatus[] | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;
	/** told when the statuses differ from the last ones (the page's and the wall's push) */
	onStatuses: (s: SloStatus[]) => void = () => {};
	#last = '';

	constructor(
		client: () => RedisClient,
		isConnected: () => boolean,
		private readonly reader: HistoryReader | null,
		private readonly clock: Clock,
		onChange: () => void
	) {
		this.objectives = new Collection(
			'slos',
			sloSchema,
			client,
			isConnected,
			() => {
				this.#cache = null;
				// a new or changed objective reaches the pages and the wall now, not at the next tick
				void this.status().catch(() => {});
				onChange();
			},
			MAX_SLOS
		);
	}

	/**
	 * The statuses last computed, for the burn-rate alerts (which sample synchronously); null
	 * before the first or when it is older than STALE_MS (Redis away): an alert then holds.
	 */
	get latest(): SloStatus[] | null {
		const l = this.#latest;
		if (!l) return null;
		const at = l[0]?.computedAt ?? this.clock.now();
		return this.clock.now() - at > STALE_MS ? null : l;
	}

	/** Recomputes now (a new objective, the timer, a test's replayed minute). */
	async refresh(): Promise<SloStatus[]> {
		this.#cache = null;
		return this.status();
	}

	/** Keeps `latest` fresh for the alerts: every CACHE_MS while objectives exist. */
	start(): void {
		this.#timer ??= setInterval(() => {
			if (this.objectives.list().length) void this.status().catch(() => {});
		}, CACHE_MS);
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}

	/** the models an objective names (the history writer keeps 1-minute series for them) */
	models(): ReadonlySet<string> {
		const out = new Set<string>();
		for (const s of this.objectives.list()) if (s.model) out.add(s.model);
		return out;
	}

	/** Every objective's status, newest rollups (at most CACHE_MS old). */
	status(): Promise<SloStatus[]> {
		const now = this.clock.now();
		if (this.#cache && now - this.#cache.at < CACHE_MS) return this.#cache.statuses;
		const statuses = this.#compute(now).then((s) => {
			this.#latest = s;
			const seen = JSON.stringify(s.map(({ computedAt: _, ...rest }) => rest));
			if (seen !== this.#last) {
				this.#last = seen;
				this.onStatuses(s);
			}
			return s;
		});
		this.#cache = { at: now, statuses };
		// a failed read is not kept: the next caller tries again
		statuses.catch(() => (this.#cache = null));
		return statuses;
	}

	async #compute(now: number): Promise<SloStatus[]> {
		const list = this.objectives.list();
		const reader = this.reader;
		if (!list.length || !reader) return list.map((s) => evaluate(s.id, s, noData(), now));
		// one read set per distinct model (and one for the gateway): bounded by MAX_SLOS
		const sets = new Map<string, Promise<Figures>>();
		const figures = (model: string | undefined, longest: number) => {
			const k = model ?? '';
			if (!sets.has(k)) sets.set(k, this.#figures(reader, now, longest, model));
			return sets.get(k)!;
		};
		const longest = Math.max(...list.map((s) => s.windowDays)) * 86_400_000;
		return Promise.all(
			list.map(async (s) => {
				const f = await figures(s.model, longest);
				return evaluate(
					s.id,
					s,
					{ whole: merged(f.hourly, now, s.windowDays * 86_400_000), burn: f.burn },
					now
				);
			})
		);
	}

	/** the burn windows' records and the hourly read of the gateway or one model */
	async #figures(
		reader: HistoryReader,
		now: number,
		longest: number,
		model?: string
	): Promise<Figures> {
		// a model has no 5-minute series: its 3-day window reads the hour tier (72 buckets)
		const [fine, mid, hourly] = await Promise.all([
			reader.totals('1m', now - BURN_WINDOWS['6h'], now + 1, model),
			model ? null : reader.totals('5m', now - BURN_WINDOWS['3d'], now + 1),
			reader.totals('1h', now - longest, now + 1, model)
		]);
		const byTier: Record<TierName, Read | null> = {
			'10s': null,
			'1m': fine,
			'5m': mid,
			'1h': hourly
		};
		const burn = Object.fromEntries(
			(Object.keys(BURN_WINDOWS) as BurnWindow[]).map((k) => {
				const tier = model && TIER_OF[k] === '5m' ? '1h' : TIER_OF[k];
				return [k, merged(byTier[tier], now, BURN_WINDOWS[k])];
			})
		) as Record<BurnWindow, BucketRecord | null>;
		return { hourly, burn };
	}
}

function noData() {
	return {
		whole: null,
		burn: Object.fromEntries(Object.keys(BURN_WINDOWS).map((k) => [k, null])) as Record<
			BurnWindow,
			null
		>
	};
}
