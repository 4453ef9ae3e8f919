// What a report says, from the same code the pages use: spend per model, team and user from
// the Cost room's own function (spendBetween) over the period's local days, budgets as the
// Cost page shows them (month to date), the cache and PII figures from the history rollups,
// the SLOs' last status and the alerts that fired in the period (the alert history).
import type { AlertHistoryEntry } from '../../shared/protocol/alerts.ts';
import type { Budget, ThresholdDefaults } from '../../shared/protocol/cost.ts';
import type { ReportData, ReportPeriod } from '../../shared/protocol/reports.ts';
import type { SloStatus } from '../../shared/protocol/slo.ts';
import {
	dateOfDay,
	dayFraction,
	dayOfDate,
	startOfDay,
	dateInZone,
	type Zone
} from '../../shared/time.ts';
import { budgetView, monthFrame } from '../cost/spend.ts';
import type { HistoryReader } from '../history/reader.ts';
import type { Store } from '../pipeline/store.ts';
import { spendBetween } from '../rooms/topics/cost.ts';
import { redactText } from '../security/pii/redact.ts';

/** rows of each breakdown a report lists */
export const REPORT_TOP = 10;
const TITLE = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' } as const;

export interface ReportSources {
	store: Store;
	zone: Zone;
	budgets: () => (Budget & { id: string })[];
	thresholds: () => ThresholdDefaults;
	reader: HistoryReader | null;
	slos: () => SloStatus[] | null;
	/** newest first, bounded by the history's own scan */
	alertHistory: () => Promise<AlertHistoryEntry[]>;
}

export async function buildReport(
	p: ReportPeriod,
	src: ReportSources,
	now: number,
	preview = false
): Promise<ReportData> {
	const { store, zone } = src;
	const spend = spendBetween(store, dayOfDate(p.from), dayOfDate(p.to));
	// the period as instants: the first local day's start to the day after the last's
	const from = startOfDay(p.from, zone);
	const to = startOfDay(dateOfDay(dayOfDate(p.to) + 1), zone);
	const merged = src.reader ? await src.reader.merged(null, from, to, now, 2_000) : null;
	const rec = merged?.observed ? merged.record : null;
	const frame = monthFrame(dateInZone(now, zone), dayFraction(now, zone));
	const fired = (await src.alertHistory()).filter(
		(e) => e.to === 'firing' && !e.repeat && e.at >= from && e.at < to
	);
	const byRule = new Map<string, number>();
	for (const e of fired) byRule.set(e.rule, (byRule.get(e.rule) ?? 0) + 1);
	return {
		kind: p.kind,
		title: `${TITLE[p.kind]} report, ${p.from === p.to ? p.from : `${p.from} to ${p.to}`}`,
		period: { from: p.from, to: p.to, zone },
		generatedAt: now,
		preview,
		spend: {
			totalUsd: spend.totalUsd,
			savedUsd: spend.savedUsd,
			models: spend.models.slice(0, REPORT_TOP),
			teams: spend.teams.slice(0, REPORT_TOP),
			users: spend.users.slice(0, REPORT_TOP),
			userCount: spend.userCount
		},
		budgets: src.budgets().map((b) => {
			const v = budgetView(store, b, frame, [], src.thresholds());
			return {
				// a budget's name and target came from people (a target may be a user's e-mail)
				name: redactText(v.name),
				scope: v.scope,
				target: v.target === null ? null : redactText(v.target),
				spentUsd: v.spentUsd,
				monthlyUsd: v.monthlyUsd,
				percent: v.percent,
				projectedPercent: v.projectedPercent
			};
		}),
		cache: rec
			? {
					requests: rec.r,
					hitRate: rec.r > 0 ? (rec.x + rec.s + rec.hitsUnsplit) / rec.r : null,
					savedUsd: rec.sav
				}
			: null,
		incidents: rec ? rec.p : null,
		slos: (src.slos() ?? []).map((s) => ({
			name: s.slo.name,
			sli: s.sli,
			objective: s.slo.objective,
			budgetRemaining: s.budgetRemaining
		})),
		alerts: {
			fired: fired.length,
			byRule: [...byRule]
				.map(([rule, count]) => ({ rule, count }))
				.sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule))
		}
	};
}
