// Budgets: one schema, used by the server to validate POST/PUT /api/budgets and by the
// Cost page to type what it sends; messages a person can act on.
import { z } from 'zod';
import { ALERT_CHANNELS, type AlertChannelName, type AlertSeverity } from './alerts.ts';

export const nameSchema = z
	.string({ error: 'name must be text' })
	.trim()
	.min(1, 'name must not be empty')
	.max(100, 'name is at most 100 characters');

const percentSchema = z
	.number({ error: 'a threshold is a number of percent' })
	.int('thresholds are whole percents')
	.min(1, 'thresholds are at least 1%')
	.max(1000, 'thresholds are at most 1000%');

/** 100% and above is critical, 80% and above a warning, below that information */
export const defaultSeverity = (percent: number): AlertSeverity =>
	percent >= 100 ? 'critical' : percent >= 80 ? 'warning' : 'info';

/** `80` or `{ percent: 80, severity: 'warning', channels: ['slack'] }` */
export const thresholdSchema = z
	.preprocess(
		// a plain percent is short for { percent }
		(v) => (typeof v === 'number' ? { percent: v } : v),
		z
			.object(
				{
					percent: percentSchema,
					severity: z
						.enum(['critical', 'warning', 'info'], {
							error: 'severity must be critical, warning or info'
						})
						.optional(),
					/** absent: the alert routing's channels for the severity; [] none (the bell only) */
					channels: z
						.array(
							z.enum(ALERT_CHANNELS, { error: `channels may be ${ALERT_CHANNELS.join(', ')}` })
						)
						.max(ALERT_CHANNELS.length)
						.transform((c) => [...new Set(c)])
						.optional()
				},
				{ error: 'a threshold is a percent or { percent, severity, channels }' }
			)
			.strict()
	)
	// canonical: a plain percent when it says nothing but the default severity (so stored
	// budgets, the API and the exported file stay `[80, 100]` unless something is chosen)
	.transform((t): StoredThreshold => {
		const severity = t.severity ?? defaultSeverity(t.percent);
		if (severity === defaultSeverity(t.percent) && !t.channels) return t.percent;
		return { percent: t.percent, severity, ...(t.channels ? { channels: t.channels } : {}) };
	});

export interface BudgetThreshold {
	percent: number;
	severity: AlertSeverity;
	channels?: AlertChannelName[];
}

export type StoredThreshold = number | BudgetThreshold;

export const levelOf = (t: StoredThreshold): BudgetThreshold =>
	typeof t === 'number' ? { percent: t, severity: defaultSeverity(t) } : t;

/** bound: 20 thresholds a budget (or a scope's defaults) */
export const MAX_THRESHOLDS = 20;

export const thresholdListSchema = z
	.array(thresholdSchema)
	.min(1, 'give at least one threshold')
	.max(MAX_THRESHOLDS, `at most ${MAX_THRESHOLDS} thresholds`)
	.transform((list) => {
		// one per percent (the last given wins), lowest first
		const by = new Map(list.map((t) => [levelOf(t).percent, t]));
		return [...by.values()].sort((a, b) => levelOf(a).percent - levelOf(b).percent);
	});

export const DEFAULT_THRESHOLDS: StoredThreshold[] = [50, 80, 95, 100];

/**
 * The thresholds a budget without its own uses, per scope (a team's may differ from the
 * gateway's); a scope left out uses DEFAULT_THRESHOLDS (50/80/95/100%).
 */
export const thresholdDefaultsSchema = z
	.object({
		gateway: thresholdListSchema,
		team: thresholdListSchema,
		user: thresholdListSchema,
		model: thresholdListSchema
	})
	.partial()
	.strict();
export type ThresholdDefaults = z.infer<typeof thresholdDefaultsSchema>;

/** a budget's own thresholds, else its scope's defaults, else DEFAULT_THRESHOLDS */
export function thresholdsOf(
	b: Pick<Budget, 'scope' | 'thresholds'>,
	defaults: ThresholdDefaults
): { thresholds: BudgetThreshold[]; inherited: boolean } {
	if (b.thresholds) return { thresholds: b.thresholds.map(levelOf), inherited: false };
	return { thresholds: (defaults[b.scope] ?? DEFAULT_THRESHOLDS).map(levelOf), inherited: true };
}

export const budgetSchema = z
	.object({
		name: nameSchema,
		scope: z.enum(['gateway', 'team', 'user', 'model'], {
			error: 'scope must be gateway, team, user or model'
		}),
		/** the team, user or model; absent for the whole gateway */
		target: z
			.string()
			.trim()
			.min(1, 'target must not be empty')
			.max(200, 'target is at most 200 characters')
			.optional(),
		monthlyUsd: z
			.number({ error: 'monthlyUsd must be a number' })
			.positive('monthlyUsd must be more than 0')
			.max(1_000_000_000, 'monthlyUsd must be at most 1,000,000,000'),
		/**
		 * the percents of the monthly amount that notify, each with its severity and channels;
		 * absent: the defaults for the budget's scope (GET/PUT /api/budgets/thresholds)
		 */
		thresholds: thresholdListSchema.optional()
	})
	.strict()
	.refine((b) => (b.scope === 'gateway') === (b.target === undefined), {
		message: 'target is required for a team, user or model budget, and not allowed for the gateway'
	});

export type Budget = z.infer<typeof budgetSchema>;

/**
 * The Cost page's threshold field: "50, 80 warning, 100 critical slack+email, 120 none" —
 * a percent, then optionally a severity and the channels ("none": the bell only). Empty: the
 * scope's defaults (undefined). What it cannot read is left for the schema to name.
 */
export function parseThresholdText(text: string): unknown[] | undefined {
	const items = text
		.split(',')
		.map((t) => t.trim())
		.filter(Boolean);
	if (!items.length) return undefined;
	return items.map((item) => {
		const [pct, ...rest] = item.split(/\s+/);
		const out: Record<string, unknown> = { percent: Number(pct?.replace(/%$/, '')) };
		for (const word of rest) {
			if (['critical', 'warning', 'info'].includes(word)) out.severity = word;
			else if (word === 'none') out.channels = [];
			else out.channels = word.split('+');
		}
		return out;
	});
}

export function thresholdText(levels: BudgetThreshold[]): string {
	return levels
		.map(
			(t) =>
				`${t.percent} ${t.severity}${t.channels ? ` ${t.channels.length ? t.channels.join('+') : 'none'}` : ''}`
		)
		.join(', ');
}

export type BudgetInput = z.input<typeof budgetSchema>;
