// Scheduled reports (docs/alerts.md "Scheduled reports"): when each kind is sent, in the
// dashboard's zone, and what a report holds — shared by the server that builds and sends it
// and the Admin page that schedules and previews it.
import { z } from 'zod';
import { ALERT_CHANNELS, type AlertChannelName } from './alerts.ts';
import type { SpendRow } from './state/cost.ts';

export const REPORT_KINDS = ['daily', 'weekly', 'monthly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const WEEKDAYS = [
	'sunday',
	'monday',
	'tuesday',
	'wednesday',
	'thursday',
	'friday',
	'saturday'
] as const;

const at = z
	.string({ error: 'at is a time HH:MM (24 h) in the dashboard zone' })
	.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'at is a time HH:MM (24 h) in the dashboard zone');
/** absent: every configured channel; the alert routing does not apply (a report has no severity) */
const channels = z
	.array(z.enum(ALERT_CHANNELS, { error: `channels may be ${ALERT_CHANNELS.join(', ')}` }))
	.min(1, 'give at least one channel (or leave the report out)')
	.max(ALERT_CHANNELS.length)
	.transform((c) => [...new Set(c)])
	.optional();

export const reportScheduleSchema = z
	.object({
		/** covers the previous day */
		daily: z.object({ at, channels }).strict(),
		/** covers the 7 days before `day` */
		weekly: z
			.object({
				at,
				day: z.enum(WEEKDAYS, { error: `day must be one of ${WEEKDAYS.join(', ')}` }),
				channels
			})
			.strict(),
		/** covers the previous calendar month; days 1–28 exist in every month */
		monthly: z
			.object({
				at,
				day: z
					.number({ error: 'day must be a day of the month, 1 to 28' })
					.int('day must be a day of the month, 1 to 28')
					.min(1, 'day must be a day of the month, 1 to 28')
					.max(28, 'day must be a day of the month, 1 to 28'),
				channels
			})
			.strict()
	})
	.partial()
	.strict();
export type ReportSchedule = z.infer<typeof reportScheduleSchema>;

/** POST /api/reports/preview */
export const reportPreviewSchema = z
	.object({
		kind: z.enum(REPORT_KINDS, { error: `kind must be one of ${REPORT_KINDS.join(', ')}` }),
		/** true: also send it now to the report's channels (marked as a preview) */
		send: z.boolean().default(false)
	})
	.strict();

export interface ReportPeriod {
	kind: ReportKind;
	/** local dates, inclusive */
	from: string;
	to: string;
	/** "daily:2026-12-09": sent at most once */
	key: string;
	/** when it is due (ms) */
	dueAt: number;
}

export interface ReportData {
	kind: ReportKind;
	title: string;
	period: { from: string; to: string; zone: string };
	generatedAt: number;
	preview: boolean;
	spend: {
		totalUsd: number | null;
		savedUsd: number | null;
		/** the top 10 of each, as the Cost page ranks and redacts them */
		models: SpendRow[];
		teams: SpendRow[];
		users: SpendRow[];
		userCount: number;
	};
	budgets: {
		name: string;
		scope: string;
		target: string | null;
		spentUsd: number;
		monthlyUsd: number;
		percent: number;
		projectedPercent: number | null;
	}[];
	/** from the history rollups; null: history off or nobody observed the period */
	cache: { requests: number; hitRate: number | null; savedUsd: number } | null;
	incidents: number | null;
	slos: { name: string; sli: number | null; objective: number; budgetRemaining: number | null }[];
	alerts: { fired: number; byRule: { rule: string; count: number }[] };
}

export interface RenderedReport {
	subject: string;
	text: string;
	html: string;
	data: ReportData;
	/** only these channels (absent: every configured one) */
	channels?: AlertChannelName[];
}
