// Service-level objectives: one schema (the API, the configuration file and the page use it)
// and what the server says of each objective. An SLI is a share of good events among the
// events that count: requests that said their status and were ok (availability), requests
// answered within a threshold (latency, time to first token), requests answered from the
// cache (hit rate, a floor). The error budget is the share the objective allows to be bad.
import { z } from 'zod';
import { nameSchema } from './cost.ts';

export const SLI_KINDS = ['availability', 'latency', 'ttft', 'hit_rate'] as const;
export type SliKind = (typeof SLI_KINDS)[number];

/** the burn-rate windows shown and alerted on (the SRE workbook's), in ms */
export const BURN_WINDOWS = {
	'5m': 300_000,
	'30m': 1_800_000,
	'1h': 3_600_000,
	'6h': 21_600_000,
	'3d': 259_200_000
} as const;
export type BurnWindow = keyof typeof BURN_WINDOWS;

/**
 * The multiwindow, multi-burn-rate alerts (the SRE workbook, chapter 5): each fires while the
 * burn rate over BOTH windows is at or above its factor — the long window says the budget is
 * really going, the short one that it still is (so the alert resolves soon after it stops).
 * 1 h & 5 min at 14.4× spends 2% of a 28-day budget in an hour; 6 h & 30 min at 6×, 5% in 6 h
 * (both page); 3 d & 6 h at 1× is a ticket.
 */
export const BURN_PAIRS = {
	fast: { long: '1h', short: '5m', factor: 14.4 },
	medium: { long: '6h', short: '30m', factor: 6 },
	slow: { long: '3d', short: '6h', factor: 1 }
} as const satisfies Record<string, { long: BurnWindow; short: BurnWindow; factor: number }>;
export type BurnPair = keyof typeof BURN_PAIRS;

/** the pair's alert value: the lower of its two burn rates (null when either is unknown) */
export function pairBurn(burn: Record<BurnWindow, number | null>, pair: BurnPair): number | null {
	const { long, short } = BURN_PAIRS[pair];
	const a = burn[long];
	const b = burn[short];
	return a === null || b === null ? null : Math.min(a, b);
}

export const sloSchema = z
	.object({
		name: nameSchema,
		sli: z.enum(SLI_KINDS, { error: `sli must be one of ${SLI_KINDS.join(', ')}` }),
		/** percent of events that must be good over the window */
		objective: z
			.number({ error: 'objective must be a number (a percent, e.g. 99.9)' })
			.gt(0, 'objective must be more than 0%')
			.lt(100, 'objective must be less than 100% (100% leaves no error budget)'),
		windowDays: z
			.number({ error: 'windowDays must be a number' })
			.int('windowDays must be whole days')
			.min(1, 'windowDays must be at least 1')
			.max(90, 'windowDays must be at most 90')
			.default(28),
		/** one model's requests only (absent: the whole gateway) */
		model: z
			.string({ error: 'model must be a model name' })
			.trim()
			.min(1, 'model must not be empty')
			.max(100, 'model is at most 100 characters')
			.optional(),
		/** latency and ttft: a request is good when answered within this many ms */
		thresholdMs: z
			.number({ error: 'thresholdMs must be a number' })
			.positive('thresholdMs must be more than 0')
			.max(600_000, 'thresholdMs must be at most 600000')
			.optional()
	})
	.strict()
	.superRefine((s, ctx) => {
		const needs = s.sli === 'latency' || s.sli === 'ttft';
		if (needs && s.thresholdMs === undefined)
			ctx.addIssue({
				code: 'custom',
				path: ['thresholdMs'],
				message: `thresholdMs: a ${s.sli} objective needs a threshold in ms`
			});
		if (!needs && s.thresholdMs !== undefined)
			ctx.addIssue({
				code: 'custom',
				path: ['thresholdMs'],
				message: `thresholdMs: only latency and ttft objectives have a threshold`
			});
	});

export type Slo = z.infer<typeof sloSchema>;
export type SloInput = z.input<typeof sloSchema>;

/** good and counted events of one window; null figures: nobody observed it or nothing counted */
export interface SloWindow {
	good: number;
	total: number;
	/** bad share ÷ allowed bad share: 1 spends the budget exactly over the objective's window */
	burn: number | null;
}

export interface SloStatus {
	id: string;
	slo: Slo;
	/** the SLI over the objective's window (0–1), null when nothing counted */
	sli: number | null;
	/** events of the whole window */
	window: SloWindow;
	/** share of the error budget left (1: untouched, 0: spent, below 0: overspent); null: no events */
	budgetRemaining: number | null;
	/** when the budget runs out at the last hour's burn (ms since epoch), null: it does not */
	exhaustsAt: number | null;
	burn: Record<BurnWindow, number | null>;
	/** the rollups the figures come from ("1m", "5m", "1h" per window) and when they were read */
	computedAt: number;
	/** what the figure needs and does not have yet (no status field written, no history) */
	missing: string | null;
}
