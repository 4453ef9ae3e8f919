// Cache recommendations: rules over the real figures; each carries the numbers that
// triggered it. No rule fires without enough data to say something.
import type {
	CacheContents,
	CacheModelRow,
	CacheState,
	Recommendation
} from '../../shared/protocol/state/cache.ts';
import { formatDecimal, formatPercent, formatUsd } from '../../shared/format.ts';

const MIN_REQUESTS = 50;
const NEAR = 0.03;

export function recommend(
	window: CacheState['window'],
	perModel: CacheModelRow[],
	similarity: CacheState['similarity'],
	contents: CacheContents | null
): Recommendation[] {
	const out: Recommendation[] = [];

	if (similarity && similarity.recorded >= 20) {
		const lookups =
			similarity.hits.reduce((a, b) => a + b, 0) + similarity.nearMisses.reduce((a, b) => a + b, 0);
		let near = 0;
		similarity.nearMisses.forEach((n, i) => {
			const from = i === 0 ? 0 : similarity.from + (i - 1) * similarity.step;
			if (from >= similarity.threshold - NEAR - 1e-9 && from < similarity.threshold) near += n;
		});
		if (lookups > 0 && near / lookups >= 0.1) {
			out.push({
				id: 'near-misses',
				title: 'Many near-misses just under the similarity threshold',
				detail: `${near} semantic lookups scored within ${NEAR} below the ${similarity.threshold} threshold. Lowering it a little would turn them into hits; check that those answers would have been right first.`,
				figures: [
					{ label: 'near-misses', value: String(near) },
					{ label: 'share of semantic lookups', value: formatPercent(near / lookups) },
					{ label: 'threshold', value: String(similarity.threshold) }
				]
			});
		}
	}

	if (window && window.requests >= MIN_REQUESTS && window.hitRate !== null) {
		for (const m of perModel) {
			if (m.requests < MIN_REQUESTS / 2 || m.spendShare === null) continue;
			if (m.hitRate < window.hitRate / 2 && m.spendShare >= 0.2) {
				out.push({
					id: `low-hit-high-spend:${m.model}`,
					title: `${m.model}: low hit rate on a large share of spend`,
					detail: `${m.model} is answered from the cache far less often than the rest of the traffic while costing a large share of spend; look at what varies in its prompts (timestamps, ids) that defeats the exact cache.`,
					figures: [
						{ label: `${m.model} hit rate`, value: formatPercent(m.hitRate) },
						{ label: 'overall hit rate', value: formatPercent(window.hitRate) },
						{ label: 'share of spend', value: formatPercent(m.spendShare) },
						{ label: 'spend in window', value: formatUsd(m.costUsd) }
					]
				});
			}
		}
	}

	if (contents && contents.expiredPerS !== null && window && window.requests >= MIN_REQUESTS) {
		const hitsPerS = (window.exact + window.semantic) / (window.minutes * 60);
		const sampled = contents.exact.ttl.reduce((a, b) => a + b, 0);
		const short = (contents.exact.ttl[0] ?? 0) + (contents.exact.ttl[1] ?? 0);
		if (sampled >= 20 && short / sampled >= 0.5 && contents.expiredPerS > hitsPerS) {
			out.push({
				id: 'expiring-before-reuse',
				title: 'Entries expire faster than they are reused',
				detail:
					'Keys expire faster than the cache serves hits, and most exact entries have under 6 h to live: a longer TTL may let more of them be reused.',
				figures: [
					{
						label: 'keys expiring per second (all of Redis)',
						value: formatDecimal(contents.expiredPerS, 1)
					},
					{ label: 'cache hits per second', value: formatDecimal(hitsPerS, 1) },
					{ label: 'sampled exact entries with < 6 h TTL', value: formatPercent(short / sampled) }
				]
			});
		}
	}
	return out;
}
