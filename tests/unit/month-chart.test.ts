// Issue 21, item 5: the Cost page's month chart is one unit (USD this month) and empty when
// the month has no spend yet (it drew an axis of stray dates: 11-14, 06-15, 01-15 …).
import { describe, expect, it } from 'vitest';
import { monthChart } from '../../src/lib/client/month-chart.ts';
import { dayOfDate } from '../../src/lib/shared/time.ts';

const base = {
	month: '2026-12',
	today: '2026-12-03',
	monthEnd: { mean: 310, low: 250, high: 400 }
};

describe('month to date and projection', () => {
	it('has no points at all for a month without spend (the page shows its empty state)', () => {
		const c = monthChart({
			...base,
			daily: [{ date: '2026-11-30', spendUsd: 5, savedUsd: null }],
			horizon: [{ date: '2026-12-04', mean: 10, low: 5, high: 15 }]
		});
		expect(c).toEqual({ mtd: [], projected: [], low: [], high: [] });
	});

	it('continues the cumulative spend with the cumulative expectation to month end', () => {
		const c = monthChart({
			...base,
			daily: [
				{ date: '2026-11-30', spendUsd: 99, savedUsd: null },
				{ date: '2026-12-01', spendUsd: 10, savedUsd: null },
				{ date: '2026-12-02', spendUsd: 20, savedUsd: null },
				{ date: '2026-12-03', spendUsd: 5, savedUsd: null }
			],
			horizon: [
				{ date: '2026-12-03', mean: 99, low: 0, high: 0 },
				{ date: '2026-12-04', mean: 10, low: 5, high: 15 },
				{ date: '2026-12-05', mean: 12, low: 5, high: 15 },
				{ date: '2027-01-01', mean: 50, low: 5, high: 15 }
			]
		});
		expect(c.mtd.map((p) => p.y)).toEqual([10, 30, 35]);
		expect(c.projected).toEqual([
			{ x: dayOfDate('2026-12-03'), y: 35 },
			{ x: dayOfDate('2026-12-04'), y: 45 },
			{ x: dayOfDate('2026-12-05'), y: 57 }
		]);
		expect(c.low.at(-1)).toEqual({ x: dayOfDate('2026-12-05'), y: 250 });
		expect(c.high.at(-1)).toEqual({ x: dayOfDate('2026-12-05'), y: 400 });
	});
});
