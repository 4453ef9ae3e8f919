// Spend per scope (gateway, team, user, model) as day series, and a budget's burn.
import { formatUsd } from '../../shared/format.ts';
import { KEYS } from '../../shared/contract/keys.ts';
import type { BudgetScope, BudgetView } from '../../shared/protocol/state/cost.ts';
import { DaySeries, dateOfDay, dayNumber } from '../pipeline/day-series.ts';
import type { Store } from '../pipeline/store.ts';
import { FIT_DAYS, fit, monthEnd, type Fit } from './projection.ts';
import { thresholdsOf, type Budget, type ThresholdDefaults } from '../../shared/protocol/cost.ts';

const cache = new WeakMap<Map<string, number>, DaySeries | null>();

/** helix:spend:total (or helix:saved:total) as a DaySeries; memoised per parsed map. */
export function totalSeries(store: Store, key: string = KEYS.spendTotal): DaySeries | null {
	const days = store.daily.get(key);
	if (!days) return null;
	if (!cache.has(days)) cache.set(days, DaySeries.fromDays(days));
	return cache.get(days)!;
}

export function teamSeries(store: Store, team: string): DaySeries | null {
	const members: DaySeries[] = [];
	const agg = store.entities.aggregates;
	// the aggregates' team index once built (no walk over every user per team budget)
	const users = agg.day !== null ? agg.membersOf(team) : store.entities.teams.keys();
	for (const user of users) {
		const s =
			store.entities.teams.get(user) === team ? store.entities.users.get(user)?.spend : undefined;
		if (s) members.push(s);
	}
	return sumSeries(members);
}

export function sumSeries(list: DaySeries[]): DaySeries | null {
	if (list.length === 0) return null;
	const start = Math.min(...list.map((s) => s.start));
	const end = Math.max(...list.map((s) => s.end));
	const values = new Float64Array(Math.max(0, end - start + 1));
	let total = 0;
	let firstOlder: number | null = null;
	for (const s of list) {
		for (let i = 0; i < s.values.length; i++) values[s.start - start + i]! += s.values[i]!;
		total += s.total;
		if (s.firstOlder !== null && (firstOlder === null || s.firstOlder < firstOlder))
			firstOlder = s.firstOlder;
	}
	return new DaySeries(start, values, total, firstOlder);
}

export function scopeSeries(store: Store, scope: BudgetScope, target?: string): DaySeries | null {
	if (scope === 'gateway') return totalSeries(store);
	if (scope === 'model') return store.entities.models.get(target!) ?? null;
	if (scope === 'user') return store.entities.users.get(target!)?.spend ?? null;
	return teamSeries(store, target!);
}

/** The fit over the last FIT_DAYS complete days (today excluded: it is partial). */
export function fitRecent(series: DaySeries | null, today: number): Fit | null {
	if (!series) return null;
	const first = Math.max(series.start, today - FIT_DAYS);
	if (today - first < 3) return null;
	const values: number[] = [];
	for (let d = first; d < today; d++) values.push(series.at(d));
	return fit(values, first);
}

export interface MonthFrame {
	today: number;
	monthStart: number;
	monthEnd: number;
	month: string;
	/** the share of today gone (dayFraction): today's spend so far is that much of a day */
	elapsed: number;
}

export function monthFrame(todayDate: string, elapsed = 1): MonthFrame {
	const today = dayNumber(todayDate);
	const [y, m] = todayDate.split('-').map(Number) as [number, number];
	const monthStart = dayNumber(`${todayDate.slice(0, 7)}-01`);
	const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
	const monthEnd = dayNumber(next) - 1;
	return { today, monthStart, monthEnd, month: todayDate.slice(0, 7), elapsed };
}

/**
 * The sentence of a forecast alert: the day the burn reaches the budget and by how much the
 * projected month end exceeds it — only while the budget is not spent yet and is projected over.
 */
export function forecastDetail(v: BudgetView): string | null {
	if (v.projectedUsd === null || v.projectedUsd < v.monthlyUsd || v.spentUsd >= v.monthlyUsd)
		return null;
	const when = v.exhaustionDate ? ` on ${v.exhaustionDate}` : '';
	return `projected to exceed${when}, by ${formatUsd(v.projectedUsd - v.monthlyUsd)} at month end`;
}

export function budgetView(
	store: Store,
	b: Budget & { id: string },
	frame: MonthFrame,
	crossed: number[],
	/** the scopes' default thresholds (a budget without its own uses them) */
	defaults: ThresholdDefaults = {}
): BudgetView {
	const t = thresholdsOf(b, defaults);
	const series = scopeSeries(store, b.scope, b.target);
	const spent = series ? series.sum(frame.monthStart, frame.today) : 0;
	const f = fitRecent(series, frame.today);
	const fitted = monthEnd(f, spent, frame.today, series?.at(frame.today) ?? 0, frame.monthEnd);
	// burn: spend per day over the last 7 days the series has, today counted by the share of
	// it gone — so the first day of a budget burns what it spent so far, not $0.00 a day
	const from = series ? Math.min(frame.today, Math.max(series.start, frame.today - 7)) : 0;
	const span = frame.today - from + frame.elapsed;
	const burn = series && span > 0 ? series.sum(from, frame.today) / span : null;
	// too few complete days for the fit: the month ends at this burn
	const rest = frame.monthEnd - frame.today + 1 - frame.elapsed;
	const proj = fitted ?? (burn === null ? null : { mean: spent + burn * rest });
	const left = b.monthlyUsd - spent;
	const days = left <= 0 ? 0 : burn && burn > 0 ? left / burn : null;
	return {
		id: b.id,
		name: b.name,
		scope: b.scope,
		target: b.target ?? null,
		monthlyUsd: b.monthlyUsd,
		thresholds: t.thresholds.map((x) => x.percent),
		levels: t.thresholds,
		inherited: t.inherited,
		spentUsd: spent,
		percent: (spent / b.monthlyUsd) * 100,
		projectedUsd: proj?.mean ?? null,
		projectedPercent: proj ? (proj.mean / b.monthlyUsd) * 100 : null,
		burnPerDay: burn,
		daysToExhaustion: days,
		exhaustionDate: days === null ? null : dateOfDay(frame.today + Math.floor(days)),
		crossed
	};
}
