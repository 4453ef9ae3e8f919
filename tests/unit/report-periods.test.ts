// When a scheduled report is due and which local days it covers (reports/periods.ts): in the
// dashboard's zone, across a month and a year boundary and on a DST day.
import { describe, expect, it } from 'vitest';
import { lastDue } from '../../src/lib/server/reports/periods.ts';
import { zonedTime } from '../../src/lib/shared/time.ts';

const Z = 'Europe/Berlin';
const at = (y: number, mo: number, d: number, h: number, mi = 0) => zonedTime(y, mo, d, h, mi, Z);

describe('report periods', () => {
	it('daily: the day before, from its time on; before it, the run of the day before', () => {
		const s = { daily: { at: '08:00' } };
		expect(lastDue('daily', s, at(2026, 12, 10, 8), Z)).toMatchObject({
			from: '2026-12-09',
			to: '2026-12-09',
			key: 'daily:2026-12-09',
			dueAt: at(2026, 12, 10, 8)
		});
		expect(lastDue('daily', s, at(2026, 12, 10, 7, 59), Z)).toMatchObject({
			key: 'daily:2026-12-08',
			dueAt: at(2026, 12, 9, 8)
		});
		// 29 March 2026: Berlin skips 02:00–03:00; 08:00 is 06:00 UTC that day, 07:00 the day before
		expect(lastDue('daily', s, at(2026, 3, 29, 8), Z)!.dueAt).toBe(Date.UTC(2026, 2, 29, 6));
		expect(lastDue('daily', s, at(2026, 3, 28, 8), Z)!.dueAt).toBe(Date.UTC(2026, 2, 28, 7));
		expect(lastDue('daily', {}, at(2026, 12, 10, 8), Z)).toBeNull();
	});

	it('weekly: the 7 days before the chosen weekday', () => {
		const s = { weekly: { at: '09:00', day: 'monday' as const } };
		// Thursday 10 December: the last Monday is the 7th
		expect(lastDue('weekly', s, at(2026, 12, 10, 12), Z)).toMatchObject({
			from: '2026-11-30',
			to: '2026-12-06',
			key: 'weekly:2026-11-30',
			dueAt: at(2026, 12, 7, 9)
		});
		// Monday the 14th before 09:00: still the 7th's
		expect(lastDue('weekly', s, at(2026, 12, 14, 8), Z)!.key).toBe('weekly:2026-11-30');
		expect(lastDue('weekly', s, at(2026, 12, 14, 9), Z)!.key).toBe('weekly:2026-12-07');
	});

	it('monthly: the previous calendar month, across a year boundary', () => {
		const s = { monthly: { at: '09:00', day: 2 } };
		expect(lastDue('monthly', s, at(2027, 1, 2, 9), Z)).toMatchObject({
			from: '2026-12-01',
			to: '2026-12-31',
			key: 'monthly:2026-12'
		});
		// before the 2nd's 09:00: December's run, covering November
		expect(lastDue('monthly', s, at(2027, 1, 2, 8), Z)).toMatchObject({
			from: '2026-11-01',
			to: '2026-11-30',
			key: 'monthly:2026-11',
			dueAt: at(2026, 12, 2, 9)
		});
		expect(lastDue('monthly', s, at(2026, 3, 5, 9), Z)).toMatchObject({
			from: '2026-02-01',
			to: '2026-02-28'
		});
	});
});
