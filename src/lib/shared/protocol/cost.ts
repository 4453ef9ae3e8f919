// Budgets: one schema, used by the server to validate POST/PUT /api/budgets and by the
// Cost page to type what it sends; messages a person can act on.
import { z } from 'zod';

export const nameSchema = z
	.string({ error: 'name must be text' })
	.trim()
	.min(1, 'name must not be empty')
	.max(100, 'name is at most 100 characters');

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
		/** percent of the monthly amount at which a budget event is emitted */
		thresholds: z
			.array(
				z
					.number({ error: 'thresholds must be numbers' })
					.int('thresholds are whole percents')
					.min(1, 'thresholds are at least 1%')
					.max(1000, 'thresholds are at most 1000%')
			)
			.min(1, 'give at least one threshold')
			.max(5, 'at most 5 thresholds')
			.default([80, 100])
			.transform((t) => [...new Set(t)].sort((a, b) => a - b))
	})
	.strict()
	.refine((b) => (b.scope === 'gateway') === (b.target === undefined), {
		message: 'target is required for a team, user or model budget, and not allowed for the gateway'
	});

export type Budget = z.infer<typeof budgetSchema>;
