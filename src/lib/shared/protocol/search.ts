// The header search (issue 18): one request schema the server validates with, one answer.
import { z } from 'zod';

/** results per kind one answer holds at most */
export const SEARCH_RESULTS = 8;

export const entitySearchSchema = z
	.object({
		q: z
			.string({ error: 'q must be text' })
			.trim()
			.min(1, 'type at least one character')
			.max(100, 'a search is at most 100 characters')
	})
	.strict();

export type EntitySearchRequest = z.infer<typeof entitySearchSchema>;

export interface EntitySearchAnswer {
	models: string[];
	users: string[];
	teams: string[];
	/** some kind had more matches than SEARCH_RESULTS */
	more: boolean;
}
