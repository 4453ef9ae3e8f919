import { describe, expect, it } from 'vitest';
import { fit, forecastSum, monthEnd, predict } from '../../src/lib/server/cost/projection.ts';
import { dayNumber } from '../../src/lib/server/pipeline/day-series.ts';
import { budgetView, monthFrame } from '../../src/lib/server/cost/spend.ts';
import { Store } from '../../src/lib/server/pipeline/store.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { dayFraction } from '../../src/lib/shared/time.ts';

const start = dayNumber('2026-01-05'); // a Monday

describe('projection (known answers)', () => {
	it('projects a flat series flat, with a zero-width band', () => {
		const f = fit(new Array(28).fill(10), start)!;
		expect(predict(f, start + 40)).toBeCloseTo(10, 9);
		expect(f.sigma).toBeCloseTo(0, 9);
		expect(forecastSum(f, start + 28, start + 37)).toMatchObject({
			mean: expect.closeTo(100, 6),
			low: expect.closeTo(100, 6),
			high: expect.closeTo(100, 6)
		});
	});

	it('continues linear growth exactly', () => {
		const f = fit(
			Array.from({ length: 28 }, (_, i) => 5 + 2 * i),
			start
		)!;
		expect(f.b).toBeCloseTo(2, 9);
		expect(predict(f, start + 30)).toBeCloseTo(65, 6);
		// days 28..30: 61 + 63 + 65
		expect(forecastSum(f, start + 28, start + 30).mean).toBeCloseTo(189, 6);
	});

	it('reproduces a weekly pattern (weekends cheap) on top of a trend', () => {
		const pattern = [2, 10, 10, 10, 10, 10, 2]; // Sun..Sat
		const wd = (d: number) => (((d + 4) % 7) + 7) % 7;
		const values = Array.from({ length: 28 }, (_, i) => pattern[wd(start + i)]! + 0.5 * i);
		const f = fit(values, start)!;
		expect(f.b).toBeCloseTo(0.5, 6);
		for (let d = start + 28; d < start + 35; d++)
			expect(predict(f, d)).toBeCloseTo(pattern[wd(d)]! + 0.5 * (d - start), 6);
		expect(f.sigma).toBeCloseTo(0, 6);
	});

	it('widens the band with noise and with the horizon, and never forecasts below zero', () => {
		const noisy = Array.from({ length: 28 }, (_, i) => 10 + (i % 2 ? 3 : -3));
		const f = fit(noisy, start)!;
		const h1 = forecastSum(f, start + 28, start + 28);
		const h9 = forecastSum(f, start + 28, start + 36);
		expect(h1.high - h1.low).toBeGreaterThan(0);
		expect((h9.high - h9.low) / (h1.high - h1.low)).toBeCloseTo(3, 6); // √9
		const falling = fit(
			Array.from({ length: 10 }, (_, i) => 10 - i),
			start
		)!;
		expect(predict(falling, start + 40)).toBe(0);
	});

	it('needs three days of data', () => {
		expect(fit([1, 2], start)).toBeNull();
	});

	it('adds month-to-date, the rest of today and the remaining days', () => {
		const f = fit(new Array(28).fill(10), start)!;
		const today = start + 30;
		// 40 spent so far, 4 of it today; 6 more expected today, then 10/day for 5 more days
		expect(monthEnd(f, 40, today, 4, today + 5)!.mean).toBeCloseTo(40 + 6 + 50, 6);
		expect(monthEnd(f, 40, today, 25, today + 5)!.mean).toBeCloseTo(40 + 0 + 50, 6);
	});

	it('gives a flat history a band of width zero around the mean (issue 20: low was 304, not 310)', () => {
		// $10/day for 40 days, $4 so far today, 24 more days in the month after today
		const f = fit(new Array(40).fill(10), start)!;
		const today = start + 40;
		const p = monthEnd(f, 4, today, 4, today + 24)!;
		expect(p.mean).toBeCloseTo(4 + 6 + 240, 6);
		expect(p.low).toBeCloseTo(p.mean, 6);
		expect(p.high).toBeCloseTo(p.mean, 6);
	});

	it('never puts the low end below what is already spent', () => {
		const noisy = Array.from({ length: 28 }, (_, i) => (i % 2 ? 0 : 40));
		const f = fit(noisy, start)!;
		const p = monthEnd(f, 100, start + 28, 0, start + 58)!;
		expect(p.low).toBeGreaterThanOrEqual(100);
		expect(p.high - p.mean).toBeCloseTo(1.96 * f.sigma * Math.sqrt(31), 6);
	});
});

describe('budget burn (issue 21: the first day of a budget)', () => {
	const budget = {
		id: 'b1',
		name: 'gateway',
		scope: 'gateway' as const,
		monthlyUsd: 1000,
		thresholds: [80, 100]
	};

	it("burns the first day's spend so far per day gone, and projects the month at that rate", () => {
		const store = new Store();
		store.daily.set(KEYS.spendTotal, new Map([['2026-12-01', 28.72]]));
		// noon of a 1 December that is the only day of spend
		const v = budgetView(store, budget, monthFrame('2026-12-01', 0.5), []);
		expect(v.burnPerDay).toBeCloseTo(57.44, 9);
		expect(v.projectedUsd).toBeCloseTo(28.72 + 57.44 * 30.5, 6);
		expect(v.daysToExhaustion).toBeCloseTo((1000 - 28.72) / 57.44, 9);
		expect(v.exhaustionDate).toBe('2026-12-17');
	});

	it('burns over the last 7 days with today pro rata, once there are more', () => {
		const store = new Store();
		const days = new Map<string, number>();
		for (let d = 1; d <= 20; d++) days.set(`2026-11-${String(d).padStart(2, '0')}`, 10);
		days.set('2026-11-21', 2.5); // a quarter of the day gone, at the same pace
		store.daily.set(KEYS.spendTotal, days);
		const v = budgetView(store, budget, monthFrame('2026-11-21', 0.25), []);
		expect(v.burnPerDay).toBeCloseTo(10, 9);
	});

	it('says when a day has passed by a zone, DST days included', () => {
		expect(dayFraction(Date.parse('2026-12-01T12:00:00Z'), 'UTC')).toBe(0.5);
		// New York's 25-hour 1 November 2026: 12:30 local is 13.5 of its 25 hours in (01:00 came twice)
		expect(dayFraction(Date.parse('2026-11-01T17:30:00Z'), 'America/New_York')).toBeCloseTo(
			13.5 / 25,
			9
		);
	});
});
