// The Security page's settings: one schema, validated by the server on PUT and read by the
// page's form. Kept in Redis by the server (server/security/settings.ts).
import { z } from 'zod';

export const securitySettingsSchema = z
	.object({
		incidentThresholdPerHour: z
			.number({ error: 'incidentThresholdPerHour must be a number' })
			.int('incidentThresholdPerHour must be a whole number')
			.min(1, 'incidentThresholdPerHour must be at least 1')
			.max(1_000_000, 'incidentThresholdPerHour must be at most 1,000,000'),
		notificationMethods: z
			.array(
				z.enum(['email', 'slack', 'webhook'], {
					error: 'notificationMethods may contain only email, slack, webhook'
				})
			)
			.max(3)
			.transform((m) => [...new Set(m)])
	})
	.strict();

export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = {
	incidentThresholdPerHour: 10,
	notificationMethods: []
};
