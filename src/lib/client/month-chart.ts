// The Cost page's "Month to date and projection" chart, as points: the cumulative spend of
// this month's days so far, and from today on the cumulative expected spend to month end
// with the projection's month-end band as a fan. Everything is in one unit (USD so far this
// month), so the lines meet; an empty month is an empty chart, never an axis of stray dates.
import type { CostState } from '../shared/protocol/state/cost.ts';
import { dayOfDate } from '../shared/time.ts';

export interface Pt {
	x: number;
	y: number;
}

export interface MonthChart {
	mtd: Pt[];
	projected: Pt[];
	low: Pt[];
	high: Pt[];
}

export function monthChart(
	s: Pick<CostState, 'daily' | 'month' | 'today' | 'horizon' | 'monthEnd'>
): MonthChart {
	let acc = 0;
	const mtd = s.daily
		.filter((d) => d.date.startsWith(s.month) && d.date <= s.today)
		.map((d) => ({ x: dayOfDate(d.date), y: (acc += d.spendUsd) }));
	const rest = s.horizon.filter((h) => h.date.startsWith(s.month) && h.date > s.today);
	const start = mtd.at(-1);
	if (!start || !rest.length || !s.monthEnd) return { mtd, projected: [], low: [], high: [] };
	let sum = start.y;
	const projected = [start, ...rest.map((h) => ({ x: dayOfDate(h.date), y: (sum += h.mean) }))];
	const end = projected.at(-1)!.x;
	return {
		mtd,
		projected,
		low: [start, { x: end, y: Math.max(start.y, s.monthEnd.low) }],
		high: [start, { x: end, y: Math.max(start.y, s.monthEnd.high) }]
	};
}
