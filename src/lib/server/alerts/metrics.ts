// The values alert rules watch, read from what the dashboard already holds (no Redis reads).
// Rates are taken over the last minute of the dashboard's own one-second samples.
import { KEYS } from '../../shared/contract/keys.ts';
import type { AlertMetric } from '../../shared/protocol/alerts.ts';
import { dateInZone, type Clock, type Zone, dayFraction } from '../../shared/time.ts';
import type { Health } from '../../shared/protocol/health.ts';
import type { CostService } from '../cost/service.ts';
import { budgetView, forecastDetail, monthFrame } from '../cost/spend.ts';
import type { Store } from '../pipeline/store.ts';
import type { SystemSampler } from '../system/sampler.ts';
import type { Sample } from './engine.ts';
import { pairBurn, type BurnPair, type SloStatus } from '../../shared/protocol/slo.ts';

interface Point {
	t: number;
	total: number | null;
	hits: number | null;
	spend: number | null;
}

export class AlertMetrics {
	#points: Point[] = [];

	constructor(
		private readonly store: Store,
		private readonly health: () => Health,
		private readonly system: SystemSampler,
		private readonly cost: CostService,
		private readonly clock: Clock,
		private readonly timezone: Zone
	) {}

	/** the objectives' last status (SloService.latest), null until computed or when stale */
	slos: () => SloStatus[] | null = () => null;

	/** Called once per evaluation round, before sampling. */
	tick(): void {
		const now = this.clock.now();
		const s = this.store;
		this.#points.push({
			t: now,
			total: s.counters.get(KEYS.requestsTotal) ?? null,
			hits: s.counters.get(KEYS.cacheHits) ?? null,
			spend: s.dailySum(KEYS.spendTotal)
		});
		while (this.#points.length > 2 && now - this.#points[0]!.t > 60_000) this.#points.shift();
	}

	#delta(pick: (p: Point) => number | null): { d: number; seconds: number } | null {
		const a = this.#points[0];
		const b = this.#points.at(-1);
		if (!a || !b || a === b) return null;
		const x = pick(a);
		const y = pick(b);
		if (x === null || y === null || y < x) return null;
		return { d: y - x, seconds: (b.t - a.t) / 1000 };
	}

	sample(metric: AlertMetric): Sample[] {
		const now = this.clock.now();
		const one = (value: number | null): Sample[] => [{ value }];
		switch (metric) {
			case 'request_rate': {
				const d = this.#delta((p) => p.total);
				return one(d && d.seconds > 0 ? d.d / d.seconds : null);
			}
			case 'hit_rate_pct': {
				const t = this.#delta((p) => p.total);
				const h = this.#delta((p) => p.hits);
				// too few requests in the minute to call it a rate
				return one(t && h && t.d >= 20 ? (h.d / t.d) * 100 : null);
			}
			case 'latency_p95_ms':
				return one(this.store.latency.percentile(95));
			case 'spend_per_min_usd': {
				const d = this.#delta((p) => p.spend);
				return one(d && d.seconds > 0 ? (d.d / d.seconds) * 60 : null);
			}
			case 'budget_forecast_pct': {
				const frame = monthFrame(dateInZone(now, this.timezone), dayFraction(now, this.timezone));
				return this.cost.budgets.list().map((b) => {
					const v = budgetView(this.store, b, frame, []);
					return {
						value: v.projectedPercent,
						labels: { budget: b.name },
						detail: forecastDetail(v)
					};
				});
			}
			case 'budget_burn_pct': {
				const frame = monthFrame(dateInZone(now, this.timezone), dayFraction(now, this.timezone));
				return this.cost.budgets.list().map((b) => ({
					value: budgetView(this.store, b, frame, []).percent,
					labels: { budget: b.name }
				}));
			}
			case 'pii_per_hour': {
				const list = this.store.incidents?.incidents;
				return one(
					list
						? list.filter((i) => i.ts !== null && i.ts > now - 3_600_000 && i.ts <= now).length
						: null
				);
			}
			case 'redis_memory_pct': {
				const r = this.system.redis;
				return one(r && r.maxMemoryBytes > 0 ? (r.usedMemoryBytes / r.maxMemoryBytes) * 100 : null);
			}
			case 'redis_down':
				return one(this.health().redis.connected ? 0 : 1);
			case 'accounts_lost':
				return one(this.health().auth.accountsLost ? 1 : 0);
			case 'gateway_silence_s': {
				const last = this.store.lastWriteAt;
				return one(last === null ? null : (now - last) / 1000);
			}
			case 'host_cpu_pct':
				return one(this.system.host?.cpu.totalPct ?? null);
			case 'host_memory_pct':
				return one(this.system.host?.memory.pct ?? null);
			case 'host_disk_pct': {
				const d = this.system.host?.disks;
				return one(d?.length ? Math.max(...d.map((x) => x.pct)) : null);
			}
			case 'slo_burn_fast':
			case 'slo_burn_medium':
			case 'slo_burn_slow': {
				const pair = metric.slice('slo_burn_'.length) as BurnPair;
				return (this.slos() ?? []).map((s) => ({
					value: pairBurn(s.burn, pair),
					labels: { slo: s.slo.name }
				}));
			}
		}
	}
}
