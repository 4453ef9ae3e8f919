// The Cost Analysis room: daily spend, month-to-date and projection, breakdowns per model,
// user and team for 7/30/90 days, budgets with their burn, and user groups.
import { KEYS } from '../../../shared/contract/keys.ts';
import { dateInZone, type Zone, dayFraction } from '../../../shared/time.ts';
import {
	RANGES,
	type CostRange,
	type CostState,
	type GroupSummary,
	type RangeDays,
	type SpendRow
} from '../../../shared/protocol/state/cost.ts';
import type { Collection } from '../../platform/collection.ts';
import type { BudgetWatcher } from '../../cost/budget-events.ts';
import { METHOD, forecastSum, monthEnd, predict } from '../../cost/projection.ts';
import type { Group } from '../../../shared/protocol/groups.ts';
import type { Budget, ThresholdDefaults } from '../../../shared/protocol/cost.ts';
import { budgetView, fitRecent, monthFrame, totalSeries } from '../../cost/spend.ts';
import { dateOfDay } from '../../pipeline/day-series.ts';
import type { Store } from '../../pipeline/store.ts';
import { redactText } from '../../security/pii/redact.ts';
import { topK } from '../top-k.ts';
import { NANO, TOP_BY_SPEND, nano } from '../../pipeline/aggregate-units.ts';
import type { Topic } from './topic.ts';

export const TOP_USERS = TOP_BY_SPEND;

/** most first, ties by name (which tied entries make the cut is never arbitrary) */
const byValue = (a: [string, number], b: [string, number]) =>
	b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function rows(entries: [string, number][], total: number, limit = Infinity): SpendRow[] {
	const live = entries.filter(([, v]) => v > 0);
	// the top `limit` without sorting every user
	const top =
		limit < live.length
			? topK(live.length, (a, b) => byValue(live[a]!, live[b]!), limit).map((i) => live[i]!)
			: live.sort(byValue);
	return (
		top
			// names came from outside (a user id may be an e-mail): redacted, after the cut
			.map(([name, spendUsd]) => ({
				name: redactText(name),
				spendUsd,
				share: total > 0 ? spendUsd / total : null
			}))
	);
}

export interface CostDeps {
	timezone: Zone;
	budgets: Collection<Budget>;
	groups: Collection<Group>;
	watcher: BudgetWatcher;
	/** the scopes' default thresholds */
	thresholds: () => ThresholdDefaults;
}

export function groupSummaries(
	store: Store,
	groups: Collection<Group>,
	today: number
): GroupSummary[] {
	return groups.list().map((g) => {
		const spend = { 7: 0, 30: 0, 90: 0 } as Record<RangeDays, number>;
		for (const u of g.users) {
			const s = store.entities.users.get(u)?.spend;
			if (s) for (const r of RANGES) spend[r] += s.sum(today - r + 1, today);
		}
		return { id: g.id, name: g.name, users: g.users, spend };
	});
}

export class CostTopic implements Topic<'cost'> {
	readonly room = 'cost' as const;

	constructor(private readonly deps: CostDeps) {}

	derive(store: Store, now: number): CostState {
		const todayDate = dateInZone(now, this.deps.timezone);
		const frame = monthFrame(todayDate, dayFraction(now, this.deps.timezone));
		const { today } = frame;
		const total = totalSeries(store);
		const saved = totalSeries(store, KEYS.savedTotal);
		const daily = [];
		for (let d = today - 89; d <= today; d++)
			daily.push({
				date: dateOfDay(d),
				spendUsd: total?.at(d) ?? 0,
				savedUsd: saved ? saved.at(d) : null
			});
		const f = fitRecent(total, today);
		const mtd = total ? total.sum(frame.monthStart, today) : null;
		const horizon = f
			? Array.from({ length: 30 }, (_, i) => {
					const band = forecastSum(f, today + 1 + i, today + 1 + i);
					return {
						date: dateOfDay(today + 1 + i),
						mean: predict(f, today + 1 + i),
						low: band.low,
						high: band.high
					};
				})
			: [];
		return {
			today: todayDate,
			month: frame.month,
			daily,
			hasTotal: total !== null,
			todayUsd: total ? total.at(today) : null,
			mtdUsd: mtd,
			monthEnd:
				mtd === null ? null : monthEnd(f, mtd, today, total?.at(today) ?? 0, frame.monthEnd),
			method: METHOD,
			horizon,
			ranges: RANGES.map((days) => this.#range(store, days, today)),
			budgets: this.deps.budgets
				.list()
				.map((b) =>
					budgetView(
						store,
						b,
						frame,
						this.deps.watcher.crossedFor(b.id, frame.month),
						this.deps.thresholds()
					)
				),
			groups: groupSummaries(store, this.deps.groups, today),
			teamsKnown: store.entities.teams.size > 0
		};
	}

	/** A range from the incremental aggregates: the top list and the team totals, no walk. */
	#range(store: Store, days: RangeDays, today: number): CostRange {
		const agg = store.entities.aggregates.at(today);
		const r = RANGES.indexOf(days);
		const from = today - days + 1;
		const { totalUsd, savedUsd, models } = gatewayBetween(store, from, today);
		const top = agg.bySpend[r]!;
		const users: [string, number][] = [];
		for (let i = 0; i < top.names.length && users.length < TOP_USERS; i++)
			if (top.values[i]! > 0) users.push([top.names[i]!, top.values[i]!]);
		const teams: [string, number][] = [...agg.teams.values()].map((t) => [
			t.team,
			t.spendNano[r]! / NANO
		]);
		const teamSum = [...agg.teams.values()].reduce((a, t) => a + t.spendNano[r]!, 0) / NANO;
		return {
			days,
			totalUsd,
			savedUsd,
			models,
			users: rows(users, totalUsd ?? agg.spendNano[r]! / NANO),
			userCount: agg.spenders[r]!,
			teams: rows(teams, totalUsd ?? teamSum)
		};
	}
}

/** The gateway's total and saved over [from, to] and the per-model rows (50 models: a walk). */
function gatewayBetween(store: Store, from: number, to: number) {
	const total = totalSeries(store);
	const saved = totalSeries(store, KEYS.savedTotal);
	const models: [string, number][] = [...store.entities.models].map(([m, s]) => [
		m,
		s.sum(from, to)
	]);
	const totalUsd = total ? total.sum(from, to) : null;
	const modelSum = models.reduce((a, [, v]) => a + v, 0);
	return {
		totalUsd,
		savedUsd: saved ? saved.sum(from, to) : null,
		models: rows(models, totalUsd ?? modelSum)
	};
}

/**
 * Spend per model, user (top 100) and team over the local days [from, to] — the Cost room's
 * 7/30/90-day ranges and the scheduled reports, so both show the same figures.
 */
export function spendBetween(store: Store, from: number, to: number): Omit<CostRange, 'days'> {
	const { totalUsd, savedUsd, models } = gatewayBetween(store, from, to);
	const users: [string, number][] = [];
	// summed across users in nano-dollars, as the Cost room's aggregates are
	const teams = new Map<string, number>();
	let userSum = 0;
	for (const [u, s] of store.entities.users) {
		if (!s.spend) continue;
		const v = s.spend.sum(from, to);
		users.push([u, v]);
		userSum += nano(v);
		const t = store.entities.teams.get(u);
		if (t) teams.set(t, (teams.get(t) ?? 0) + nano(v));
	}
	const teamList = [...teams].map(([t, v]): [string, number] => [t, v / NANO]);
	const teamSum = [...teams.values()].reduce((a, v) => a + v, 0) / NANO;
	// shares are of the gateway total when it exists, else of the breakdown's own sum
	return {
		totalUsd,
		savedUsd,
		models,
		users: rows(users, totalUsd ?? userSum / NANO, TOP_USERS),
		userCount: users.filter(([, v]) => v > 0).length,
		teams: rows(teamList, totalUsd ?? teamSum)
	};
}
