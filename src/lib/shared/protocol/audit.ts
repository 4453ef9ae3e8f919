// GET /api/audit's query: one schema (the server validates with it, the Admin page builds it).
import { z } from 'zod';

export const auditQuerySchema = z
	.object({
		actor: z.string().max(100).optional(),
		action: z.string().max(100).optional(),
		result: z
			.enum(['ok', 'denied', 'failed'], { error: 'result must be ok, denied or failed' })
			.optional(),
		from: z.coerce.number({ error: 'from must be a time in ms' }).int().nonnegative().optional(),
		to: z.coerce.number({ error: 'to must be a time in ms' }).int().nonnegative().optional(),
		limit: z.coerce
			.number({ error: 'limit must be a number' })
			.int()
			.min(1, 'limit is at least 1')
			.max(10_000, 'limit is at most 10000')
			.default(200),
		format: z.enum(['json', 'csv'], { error: 'format must be json or csv' }).default('json')
	})
	.strict();

export type AuditQueryInput = z.input<typeof auditQuerySchema>;
