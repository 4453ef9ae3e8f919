// The spend dataset: daily totals, per model, user and team, and budgets.
import { KEYS } from '../../../shared/contract/keys.ts';
import { dateInZone, type Zone, dayFraction } from '../../../shared/time.ts';
import { budgetView, monthFrame, totalSeries } from '../../cost/spend.ts';
import { dateOfDay, type DaySeries } from '../../pipeline/day-series.ts';
import type { ExportRange, ExportSources } from '../sources.ts';
import type { Dataset, Row } from '../table.ts';

function* perDay(
	name: string,
	key: string,
	series: DaySeries | undefined,
	r: ExportRange,
	extra: Row = {}
): Generator<Row> {
	if (!series) return;
	for (let d = Math.max(r.from, series.start); d <= Math.min(r.to, series.end); d++) {
		const v = series.at(d);
		if (v > 0) yield { [key]: name, ...extra, date: dateOfDay(d), spend_usd: v };
	}
}

export function spend(rt: ExportSources, r: ExportRange, zone: Zone, now: number): Dataset {
	const { store } = rt;
	const total = totalSeries(store);
	const saved = totalSeries(store, KEYS.savedTotal);
	const ents = store.entities;
	const frame = monthFrame(dateInZone(now, zone), dayFraction(now, zone));
	return {
		name: 'spend',
		title: 'Spending',
		summary: [
			[
				'total spend in range (USD)',
				total ? total.sum(r.from, r.to) : 'no data: helix:spend:total'
			],
			[
				'saved by the cache in range (USD)',
				saved ? saved.sum(r.from, r.to) : 'no data: helix:saved:total'
			],
			['users with spend', ents.users.size],
			['models', ents.models.size]
		],
		tables: [
			{
				name: 'daily_total',
				title: 'Daily total',
				columns: [
					{ key: 'date', label: 'date', type: 'date' },
					{ key: 'spend_usd', label: 'spend_usd', type: 'number' },
					{ key: 'saved_usd', label: 'saved_usd', type: 'number' }
				],
				*rows() {
					for (let d = r.from; d <= r.to; d++)
						yield {
							date: dateOfDay(d),
							spend_usd: total?.at(d) ?? null,
							saved_usd: saved ? saved.at(d) : null
						};
				}
			},
			{
				name: 'per_model',
				title: 'Per model and day',
				columns: [
					{ key: 'model', label: 'model', type: 'string' },
					{ key: 'date', label: 'date', type: 'date' },
					{ key: 'spend_usd', label: 'spend_usd', type: 'number' }
				],
				*rows() {
					for (const [m, s] of ents.models) yield* perDay(m, 'model', s, r);
				}
			},
			{
				name: 'per_user',
				title: 'Per user and day',
				columns: [
					{ key: 'user', label: 'user', type: 'string' },
					{ key: 'team', label: 'team', type: 'string' },
					{ key: 'date', label: 'date', type: 'date' },
					{ key: 'spend_usd', label: 'spend_usd', type: 'number' }
				],
				*rows() {
					for (const [u, s] of ents.users)
						yield* perDay(u, 'user', s.spend, r, { team: ents.teams.get(u) ?? null });
				}
			},
			{
				name: 'per_team',
				title: 'Per team and day',
				columns: [
					{ key: 'team', label: 'team', type: 'string' },
					{ key: 'date', label: 'date', type: 'date' },
					{ key: 'spend_usd', label: 'spend_usd', type: 'number' }
				],
				*rows() {
					const byTeam = new Map<string, Map<number, number>>();
					for (const [u, s] of ents.users) {
						const t = ents.teams.get(u);
						if (!t || !s.spend) continue;
						const days = byTeam.get(t) ?? new Map<number, number>();
						for (let d = Math.max(r.from, s.spend.start); d <= Math.min(r.to, s.spend.end); d++)
							days.set(d, (days.get(d) ?? 0) + s.spend.at(d));
						byTeam.set(t, days);
					}
					for (const [t, days] of byTeam)
						for (const [d, v] of [...days].sort((a, b) => a[0] - b[0]))
							if (v > 0) yield { team: t, date: dateOfDay(d), spend_usd: v };
				}
			},
			{
				name: 'budgets',
				title: `Budgets (${frame.month})`,
				columns: [
					{ key: 'name', label: 'name', type: 'string' },
					{ key: 'scope', label: 'scope', type: 'string' },
					{ key: 'target', label: 'target', type: 'string' },
					{ key: 'monthly_usd', label: 'monthly_usd', type: 'number' },
					{ key: 'spent_usd', label: 'spent_usd', type: 'number' },
					{ key: 'percent', label: 'percent', type: 'number' },
					{ key: 'projected_usd', label: 'projected_usd', type: 'number' },
					{ key: 'runs_out', label: 'runs_out', type: 'string' }
				],
				*rows() {
					for (const b of rt.cost.budgets.list()) {
						const v = budgetView(store, b, frame, []);
						yield {
							name: v.name,
							scope: v.scope,
							target: v.target,
							monthly_usd: v.monthlyUsd,
							spent_usd: v.spentUsd,
							percent: v.percent,
							projected_usd: v.projectedUsd,
							runs_out: v.exhaustionDate
						};
					}
				}
			}
		]
	};
}
