// The semantic-threshold what-if (Cache page, GET /api/cache/what-if): for each threshold the
// slider offers, the hit rate and savings the recorded best similarities say that threshold
// would have given over a range — exact arithmetic over the rollups' similarity histogram
// (docs/cache.md). Shared by the server that computes it and the page that draws it.
import { z } from 'zod';
import { MAX_HISTORY_SPAN_MS, msParam } from './history.ts';

/** the slider's thresholds, in hundredths: 0.70 … 0.99 */
export const WHAT_IF_FROM = 70;
export const WHAT_IF_TO = 99;
/** "within this much above the threshold": the semantic hits most likely to be wrong answers */
export const RISK_BAND = 0.02;

export const whatIfQuerySchema = z
	.object({ from: msParam('from'), to: msParam('to') })
	.strict()
	.refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] })
	.refine((q) => q.to - q.from <= MAX_HISTORY_SPAN_MS, {
		message: 'the range is at most 400 days',
		path: ['from']
	});
export type WhatIfQuery = z.infer<typeof whatIfQuerySchema>;

/** what one threshold would have given */
export interface WhatIfPoint {
	/** e.g. 0.85 */
	threshold: number;
	/** (exact hits + semantic lookups scoring at or above the threshold) ÷ requests */
	hitRate: number | null;
	savedUsd: number;
	semanticHits: number;
}

export interface WhatIfFigures {
	requests: number;
	/** lookups that recorded a best similarity (semantic hits and near-misses) */
	recorded: number;
	/** what the gateway's own threshold gave (the rollups' counts, not the histogram) */
	actual: { hitRate: number | null; savedUsd: number; semanticHits: number };
	/** WHAT_IF_FROM … WHAT_IF_TO, one per hundredth */
	curve: WhatIfPoint[];
	/** semantic hits scoring within RISK_BAND above the current threshold */
	nearAbove: number;
}

export interface WhatIfAnswer {
	from: number;
	to: number;
	/** the gateway's current threshold */
	threshold: number;
	/** the rollup tier the overall figures come from; per-model ones are hourly */
	tier: string;
	/** false: no dashboard observed any of the range (a gap, not zeros) */
	observed: boolean;
	overall: WhatIfFigures;
	/** the threshold where the hit-rate curve bends most (null: a flat or empty curve) */
	knee: number | null;
	/** most lookups first; at most MAX_WHAT_IF_MODELS */
	perModel: (WhatIfFigures & { model: string })[];
	/** models left out of perModel */
	modelsCut: number;
}

export const MAX_WHAT_IF_MODELS = 50;
