// What every NOC wall shows, kept in Redis so an operator changes all walls at once; pushed
// to them live (socket event noc) by whoever holds the setting.
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import { DEFAULT_NOC, nocConfigSchema } from '../../shared/protocol/noc.ts';

export const NOC_KEY = `${DASHBOARD_PREFIX}noc`;

export const NOC_SETTING = {
	key: NOC_KEY,
	schema: nocConfigSchema,
	fallback: DEFAULT_NOC,
	label: 'NOC wall settings'
};
