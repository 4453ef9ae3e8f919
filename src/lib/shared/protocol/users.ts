// users:search over the socket: one schema for the request (the server validates with it).
import { z } from 'zod';

/** rows one search answers with at most; a full answer says the list is cut */
export const SEARCH_LIMIT = 50;

export const usersSearchSchema = z
	.object({
		query: z
			.string({ error: 'query must be text' })
			.trim()
			.min(1, 'type at least one character')
			.max(200, 'query is at most 200 characters'),
		days: z.union([z.literal(7), z.literal(30), z.literal(90)], {
			error: 'days must be 7, 30 or 90'
		})
	})
	.strict();

export type UsersSearchRequest = z.infer<typeof usersSearchSchema>;
