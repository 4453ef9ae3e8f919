// What every NOC wall shows: the panels to rotate through and the dwell time. One schema:
// the server validates PUT /api/noc with it, the wall page and the API client type by it.
import { z } from 'zod';

export const NOC_PANELS = ['overview', 'cost', 'cache', 'security', 'system', 'slo'] as const;
export type NocPanel = (typeof NOC_PANELS)[number];

export const nocConfigSchema = z
	.object({
		panels: z
			.array(z.enum(NOC_PANELS, { error: `panels may be ${NOC_PANELS.join(', ')}` }))
			.min(1, 'choose at least one panel')
			.transform((p) => [...new Set(p)]),
		dwellSeconds: z
			.number({ error: 'dwellSeconds must be a number' })
			.int('dwellSeconds is whole seconds')
			.min(5, 'dwellSeconds is at least 5')
			.max(3600, 'dwellSeconds is at most 3600')
	})
	.strict();

export type NocConfig = z.infer<typeof nocConfigSchema>;

/** the SLO panel is opted into (panels: [..., slo]): a wall without objectives shows nothing there */
export const DEFAULT_NOC: NocConfig = {
	panels: ['overview', 'cost', 'cache', 'security', 'system'],
	dwellSeconds: 20
};
