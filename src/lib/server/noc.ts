// What every NOC wall shows: the panels to rotate through and the dwell time. Kept in Redis
// so an operator can change all walls at once; pushed to them live (socket event noc).
import { z } from 'zod';
import { DASHBOARD_PREFIX } from '../shared/contract.ts';
import { NOC_PANELS, type NocConfig } from '../shared/noc.ts';
import type { RedisClient } from './redis.ts';

export const NOC_KEY = `${DASHBOARD_PREFIX}noc`;
export const DEFAULT_NOC: NocConfig = { panels: [...NOC_PANELS], dwellSeconds: 20 };

export const nocSchema = z
	.object({
		panels: z
			.array(z.enum(NOC_PANELS, { error: `panels may be ${NOC_PANELS.join(', ')}` }))
			.min(1, 'choose at least one panel')
			.transform((p) => [...new Set(p)]),
		dwellSeconds: z.number({ error: 'dwellSeconds must be a number' }).int('dwellSeconds is whole seconds').min(5, 'dwellSeconds is at least 5').max(3600, 'dwellSeconds is at most 3600')
	})
	.strict();

export async function loadNoc(client: RedisClient): Promise<NocConfig> {
	const raw = await client.get(NOC_KEY);
	if (!raw) return DEFAULT_NOC;
	try {
		const r = nocSchema.safeParse(JSON.parse(raw));
		return r.success ? r.data : DEFAULT_NOC;
	} catch {
		return DEFAULT_NOC;
	}
}
