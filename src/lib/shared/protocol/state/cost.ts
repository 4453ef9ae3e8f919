// The Cost Analysis room: spend per day and per scope, projection, budgets and groups.
import type { BudgetThreshold } from '../cost.ts';

export type RangeDays = 7 | 30 | 90;

export const RANGES: readonly RangeDays[] = [7, 30, 90];

export interface SpendRow {
	name: string;
	spendUsd: number;
	/** of the range's total spend */
	share: number | null;
}

export interface CostRange {
	days: RangeDays;
	totalUsd: number | null;
	savedUsd: number | null;
	models: SpendRow[];
	/** top 100 by spend */
	users: SpendRow[];
	userCount: number;
	teams: SpendRow[];
}

export type BudgetScope = 'gateway' | 'team' | 'user' | 'model';

export interface BudgetView {
	id: string;
	name: string;
	scope: BudgetScope;
	target: string | null;
	monthlyUsd: number;
	/** the percents that notify (the budget's own or its scope's defaults) */
	thresholds: number[];
	/** the same with each one's severity and channels */
	levels: BudgetThreshold[];
	/** true: the scope's defaults (no thresholds of its own) */
	inherited: boolean;
	spentUsd: number;
	percent: number;
	projectedUsd: number | null;
	projectedPercent: number | null;
	/** USD per day over the last 7 complete days */
	burnPerDay: number | null;
	/** days until the budget is used up at that rate; 0 when already exceeded, null at no burn */
	daysToExhaustion: number | null;
	exhaustionDate: string | null;
	/** thresholds crossed this month */
	crossed: number[];
}

export interface GroupSummary {
	id: string;
	name: string;
	users: string[];
	spend: Record<RangeDays, number>;
}

export interface CostState {
	today: string;
	month: string;
	daily: { date: string; spendUsd: number; savedUsd: number | null }[];
	hasTotal: boolean;
	todayUsd: number | null;
	mtdUsd: number | null;
	monthEnd: { mean: number; low: number; high: number } | null;
	method: string;
	/** the next 30 days, day by day */
	horizon: { date: string; mean: number; low: number; high: number }[];
	ranges: CostRange[];
	budgets: BudgetView[];
	groups: GroupSummary[];
	teamsKnown: boolean;
}
