// Cache controls sent over the socket: one schema for the flush request, used by the server
// to validate `cache:count` / `cache:flush` and by the page to type what it sends.
import { z } from 'zod';

export const FLUSH_TARGETS = ['exact', 'semantic', 'model'] as const;
export type FlushTarget = (typeof FLUSH_TARGETS)[number];

export const cacheFlushRequestSchema = z
	.object({
		target: z.enum(FLUSH_TARGETS, { error: 'target must be exact, semantic or model' }),
		/** with target "model" */
		model: z
			.string()
			.min(1, 'model must not be empty')
			.max(200, 'model is at most 200 characters')
			.optional(),
		/** required by cache:flush, after a cache:count */
		confirm: z.literal(true, { error: 'confirm: true is required' }).optional()
	})
	.strict()
	.refine((r) => r.target !== 'model' || r.model !== undefined, {
		message: 'target "model" needs a model name'
	});

export type CacheFlushRequest = z.infer<typeof cacheFlushRequestSchema>;
