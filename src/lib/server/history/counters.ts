// Source 2: a gateway that writes only counters (the original README's keys). Each sample
// records the increase since the previous one in the bucket where it happened; a sample too
// long after the previous one, or a counter that went back, starts a new baseline (a gap).
import { KEYS } from '../../shared/contract/keys.ts';
import type { Store } from '../pipeline/store.ts';
import type { Batch } from './batch.ts';
import type { CounterBaseline } from './state.ts';

/** counter-only gateways and the host are sampled this often */
export const SAMPLE_MS = 10_000;
/** a counter sample later than this after the previous one is a gap (nobody watched) */
const COUNTER_GAP_MS = 3 * SAMPLE_MS;

export function counterSample(
	store: Store,
	batch: Batch,
	base: CounterBaseline | null,
	now: number,
	cover: (from: number, to: number) => void
): CounterBaseline | null {
	const s = store;
	const requests = s.counters.get(KEYS.requestsTotal);
	if (requests === undefined || requests === null) return base; // nothing to sample
	const cur: CounterBaseline = {
		at: now,
		requests,
		hits: s.counters.get(KEYS.cacheHits) ?? 0,
		spend: s.dailySum(KEYS.spendTotal) ?? 0,
		saved: s.dailySum(KEYS.savedTotal) ?? 0
	};
	// no baseline, a gap nobody observed, or a counter that went back (a reset): start over
	if (
		!base ||
		now - base.at > COUNTER_GAP_MS ||
		now <= base.at ||
		cur.requests < base.requests ||
		cur.hits < base.hits
	)
		return cur;
	// the increase happened in [base.at, now): it belongs to the bucket holding now - 1 ms
	batch.counters(now - 1, {
		requests: cur.requests - base.requests,
		hits: cur.hits - base.hits,
		spend: Math.max(0, cur.spend - base.spend),
		saved: Math.max(0, cur.saved - base.saved)
	});
	cover(base.at, now);
	return cur;
}
