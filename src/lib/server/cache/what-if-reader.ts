// GET /api/cache/what-if: the what-if figures over a range, overall (the finest tier that
// answers in MAX_STEPS steps) and per model (the hour tier, the only one with per-model
// series). Bounds: MAX_SERIES (500) model series read, each at most 14 chunks of the hour
// tier (400 days); MAX_WHAT_IF_MODELS (50) sent, most lookups first.
import { SEMANTIC_HIT_THRESHOLD } from '../../shared/contract/keys.ts';
import {
	MAX_WHAT_IF_MODELS,
	type WhatIfAnswer,
	type WhatIfQuery
} from '../../shared/protocol/what-if.ts';
import type { HistoryReader } from '../history/reader.ts';
import { kneeOf, whatIfFigures } from './what-if.ts';

/** the overall figures read at most this many buckets' worth of steps */
const MAX_STEPS = 2_000;
/** model series read at once (each is one or two HGETALLs) */
const BATCH = 25;

export async function whatIf(
	reader: HistoryReader,
	q: WhatIfQuery,
	now: number,
	threshold = SEMANTIC_HIT_THRESHOLD
): Promise<WhatIfAnswer> {
	const to = Math.min(q.to, now + 1);
	const total = await reader.merged(null, q.from, to, now, MAX_STEPS);
	const overall = whatIfFigures(total.record, threshold);
	const names = await reader.seriesNames('model');
	const models: WhatIfAnswer['perModel'] = [];
	for (let i = 0; i < names.length; i += BATCH) {
		const part = await Promise.all(
			names.slice(i, i + BATCH).map((model) => reader.merged({ model }, q.from, to, now, MAX_STEPS))
		);
		part.forEach((m, j) => {
			if (m.record.r > 0)
				models.push({ model: names[i + j]!, ...whatIfFigures(m.record, threshold) });
		});
	}
	models.sort(
		(a, b) => b.recorded - a.recorded || b.requests - a.requests || a.model.localeCompare(b.model)
	);
	return {
		from: q.from,
		to,
		threshold,
		tier: total.tier,
		observed: total.observed,
		overall,
		knee: kneeOf(overall.curve),
		perModel: models.slice(0, MAX_WHAT_IF_MODELS),
		modelsCut: Math.max(0, models.length - MAX_WHAT_IF_MODELS)
	};
}
