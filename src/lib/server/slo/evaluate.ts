// The arithmetic of an objective, from merged rollup records (no Redis here, no clock of its
// own): good and counted events per SLI, the SLI, the error budget left, the burn rate of
// each window and when the budget runs out at the last hour's burn. Known-answer tests:
// tests/unit/slo.test.ts.
import type { BurnWindow, Slo, SloStatus, SloWindow } from '../../shared/protocol/slo.ts';
import type { BucketRecord } from '../history/record.ts';

/** good and counted events of one merged record; null: that SLI has no events in it */
export function goodOf(slo: Slo, r: BucketRecord): { good: number; total: number } {
	switch (slo.sli) {
		case 'availability':
			// only requests that said their status count: a silent one is neither good nor bad
			return { good: r.ws - r.e, total: r.ws };
		case 'latency':
			return { good: r.lat.countAtMost(slo.thresholdMs!), total: r.lat.count };
		case 'ttft':
			return { good: r.ft.countAtMost(slo.thresholdMs!), total: r.ft.count };
		case 'hit_rate':
			return { good: r.x + r.s + r.hitsUnsplit, total: r.r };
	}
}

/** the bad share over the allowed bad share; null without events */
export function burnOf(slo: Slo, w: { good: number; total: number }): number | null {
	if (!(w.total > 0)) return null;
	return (w.total - w.good) / w.total / (1 - slo.objective / 100);
}

/** what an SLI needs written, said when a window counts nothing */
export const NEEDS: Record<Slo['sli'], string> = {
	availability:
		'requests that say their status: the status field of helix:events entries (docs/gateway-contract.md)',
	latency: 'requests with latency_ms in helix:events',
	ttft: 'requests with ttft_ms in helix:events (streaming gateways write it)',
	hit_rate: 'requests in helix:events (or the helix:cache:hits / requests_total counters)'
};

export interface Windows {
	/** the objective's whole window; null: no source observed any of it */
	whole: BucketRecord | null;
	burn: Record<BurnWindow, BucketRecord | null>;
}

export function evaluate(id: string, slo: Slo, w: Windows, now: number): SloStatus {
	const count = (r: BucketRecord | null): SloWindow => {
		const gt = r ? goodOf(slo, r) : { good: 0, total: 0 };
		return { ...gt, burn: r ? burnOf(slo, gt) : null };
	};
	const whole = count(w.whole);
	const burn = Object.fromEntries(
		(Object.keys(w.burn) as BurnWindow[]).map((k) => [k, count(w.burn[k]).burn])
	) as Record<BurnWindow, number | null>;
	const budgetRemaining = whole.burn === null ? null : 1 - whole.burn;
	const hour = burn['1h'];
	const windowMs = slo.windowDays * 86_400_000;
	// burning b spends b whole budgets per window length: what is left lasts left × window ÷ b
	const exhaustsAt =
		budgetRemaining !== null && budgetRemaining > 0 && hour !== null && hour > 0
			? Math.round(now + (budgetRemaining * windowMs) / hour)
			: null;
	return {
		id,
		slo,
		sli: whole.total > 0 ? whole.good / whole.total : null,
		window: whole,
		budgetRemaining,
		exhaustsAt,
		burn,
		computedAt: now,
		missing: whole.total > 0 ? null : NEEDS[slo.sli]
	};
}
