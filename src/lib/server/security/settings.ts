// Security settings (incident threshold, notification methods), validated with zod and
// kept in Redis under the dashboard's own prefix, so they survive restarts and are shared
// by every dashboard node. They become alert rules once the alert system exists.
import { z } from 'zod';
import { DASHBOARD_PREFIX } from '../../shared/contract.ts';
import type { SecuritySettings } from '../../shared/types.ts';
import type { RedisClient } from '../redis.ts';

export const SETTINGS_KEY = `${DASHBOARD_PREFIX}security:settings`;

export const DEFAULT_SETTINGS: SecuritySettings = { incidentThresholdPerHour: 10, notificationMethods: [] };

export const settingsSchema = z
	.object({
		incidentThresholdPerHour: z
			.number({ error: 'incidentThresholdPerHour must be a number' })
			.int('incidentThresholdPerHour must be a whole number')
			.min(1, 'incidentThresholdPerHour must be at least 1')
			.max(1_000_000, 'incidentThresholdPerHour must be at most 1,000,000'),
		notificationMethods: z
			.array(z.enum(['email', 'slack', 'webhook'], { error: 'notificationMethods may contain only email, slack, webhook' }))
			.max(3)
			.transform((m) => [...new Set(m)])
	})
	.strict();

/** Turns zod's issues into one sentence a person can act on. */
export function describeError(err: z.ZodError): string {
	return err.issues.map((i) => (i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message)).join('; ');
}

export async function loadSettings(client: RedisClient): Promise<{ settings: SecuritySettings; problem: string | null }> {
	const raw = await client.get(SETTINGS_KEY);
	if (raw === null) return { settings: DEFAULT_SETTINGS, problem: null };
	try {
		const parsed = settingsSchema.safeParse(JSON.parse(raw));
		if (parsed.success) return { settings: parsed.data, problem: null };
		return { settings: DEFAULT_SETTINGS, problem: `stored settings ignored: ${describeError(parsed.error)}` };
	} catch {
		return { settings: DEFAULT_SETTINGS, problem: 'stored settings are not JSON; defaults in use' };
	}
}

export async function saveSettings(client: RedisClient, s: SecuritySettings): Promise<void> {
	await client.set(SETTINGS_KEY, JSON.stringify(s));
}
