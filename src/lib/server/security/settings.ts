// Security settings (incident threshold, notification methods), kept in Redis under the
// dashboard's own prefix, so they survive restarts and are shared by every dashboard node.
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import {
	DEFAULT_SECURITY_SETTINGS,
	securitySettingsSchema
} from '../../shared/protocol/security.ts';

export const SETTINGS_KEY = `${DASHBOARD_PREFIX}security:settings`;

export const SECURITY_SETTING = {
	key: SETTINGS_KEY,
	schema: securitySettingsSchema,
	fallback: DEFAULT_SECURITY_SETTINGS,
	label: 'security settings'
};
