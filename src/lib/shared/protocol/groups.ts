// User groups: one schema, used by the server to validate POST/PUT /api/groups and by the
// Users page to type what it sends.
import { z } from 'zod';
import { nameSchema } from './cost.ts';

export const groupSchema = z
	.object({
		name: nameSchema,
		users: z
			.array(
				z
					.string()
					.trim()
					.min(1, 'user ids must not be empty')
					.max(200, 'user ids are at most 200 characters')
			)
			.max(10_000, 'at most 10,000 users in a group')
			.transform((u) => [...new Set(u)])
	})
	.strict();

export type Group = z.infer<typeof groupSchema>;
