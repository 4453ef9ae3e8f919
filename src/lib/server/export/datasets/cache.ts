// The cache dataset: per-model hit rates, the similarity histogram and contents.
import type { ExportSources } from '../sources.ts';
import type { Dataset } from '../table.ts';

export function cache(rt: ExportSources): Dataset {
	const s = rt.snapshot('cache').state;
	const sim = s.similarity;
	return {
		name: 'cache',
		title: 'Cache performance',
		summary: [
			['hit rate (all time)', s.hitRate ?? 'no data'],
			['requests (all time)', s.requestsTotal ?? 'no data'],
			[
				`exact hit rate (last ${s.window?.minutes ?? 15} min)`,
				s.window?.exactRate ?? 'no data: needs helix:events'
			],
			[
				`semantic hit rate (last ${s.window?.minutes ?? 15} min)`,
				s.window?.semanticRate ?? 'no data: needs helix:events'
			],
			['exact entries', s.contents?.exact.count ?? 'not sampled yet'],
			['semantic entries', s.contents?.semantic.count ?? 'not sampled yet']
		],
		tables: [
			{
				name: 'per_model',
				title: `Per model (last ${s.window?.minutes ?? 15} min)`,
				columns: [
					{ key: 'model', label: 'model', type: 'string' },
					{ key: 'requests', label: 'requests', type: 'number' },
					{ key: 'hit_rate', label: 'hit_rate', type: 'number' },
					{ key: 'exact_rate', label: 'exact_rate', type: 'number' },
					{ key: 'semantic_rate', label: 'semantic_rate', type: 'number' },
					{ key: 'spend_usd', label: 'spend_usd', type: 'number' },
					{ key: 'saved_usd', label: 'saved_usd', type: 'number' }
				],
				rows: () =>
					s.perModel.map((m) => ({
						model: m.model,
						requests: m.requests,
						hit_rate: m.hitRate,
						exact_rate: m.exactRate,
						semantic_rate: m.semanticRate,
						spend_usd: m.costUsd,
						saved_usd: m.savedUsd
					}))
			},
			{
				name: 'similarity',
				title: 'Similarity histogram',
				columns: [
					{ key: 'from', label: 'from', type: 'number' },
					{ key: 'to', label: 'to', type: 'number' },
					{ key: 'hits', label: 'hits', type: 'number' },
					{ key: 'near_misses', label: 'near_misses', type: 'number' }
				],
				rows: () =>
					sim
						? sim.hits.map((h, i) => ({
								from: i === 0 ? 0 : sim.from + (i - 1) * sim.step,
								to: i === 0 ? sim.from : sim.from + i * sim.step,
								hits: h,
								near_misses: sim.nearMisses[i] ?? 0
							}))
						: []
			},
			{
				name: 'contents',
				title: 'Contents',
				columns: [
					{ key: 'kind', label: 'kind', type: 'string' },
					{ key: 'entries', label: 'entries', type: 'number' },
					{ key: 'counted_by', label: 'counted_by', type: 'string' },
					{ key: 'memory_bytes_estimate', label: 'memory_bytes_estimate', type: 'number' }
				],
				rows: () =>
					s.contents
						? (['exact', 'semantic'] as const).map((k) => ({
								kind: k,
								entries: s.contents![k].count,
								counted_by: s.contents![k].source,
								memory_bytes_estimate: s.contents![k].memoryBytesEstimate
							}))
						: []
			}
		]
	};
}
