import { describe, expect, it } from 'vitest';
import { formatInt, formatMs, formatPercent, formatUsd } from '../../src/lib/shared/format.ts';
import { dateInZone, fixedZone, zoneLabel } from '../../src/lib/shared/time.ts';

describe('formatting', () => {
	it('shows exact figures with separators, never abbreviations', () => {
		expect(formatInt(12345)).toBe('12,345');
		expect(formatInt(1234567)).toBe('1,234,567');
		expect(formatInt(null)).toBe('—');
		expect(formatPercent(6789 / 12345)).toBe('54.99%');
		expect(formatUsd(1234.5)).toBe('$1,234.50');
		expect(formatUsd(12.3456)).toBe('$12.35');
		expect(formatUsd(0.00032)).toBe('$0.00032');
		expect(formatUsd(0)).toBe('$0.00');
		expect(formatMs(1234.4)).toBe('1,234 ms');
	});
});

describe('time zones', () => {
	it('puts instants on the right date at day boundaries', () => {
		const t = Date.parse('2026-01-31T23:30:00Z');
		expect(dateInZone(t, 'UTC')).toBe('2026-01-31');
		expect(dateInZone(t, '+01:00')).toBe('2026-02-01');
		expect(dateInZone(Date.parse('2026-03-01T03:00:00Z'), '-05:00')).toBe('2026-02-28');
		expect(dateInZone(Date.parse('2026-01-01T18:29:59Z'), '+05:30')).toBe('2026-01-01');
		expect(dateInZone(Date.parse('2026-01-01T18:30:00Z'), '+05:30')).toBe('2026-01-02');
	});

	it('labels zones', () => {
		expect(zoneLabel('UTC')).toBe('UTC');
		expect(zoneLabel(fixedZone(5.5))).toBe('UTC+5:30');
		expect(zoneLabel(fixedZone(-8))).toBe('UTC-8');
	});
});

describe('day numbers', () => {
	it('match the calendar across leap years and centuries', async () => {
		const { dayNumber, dateOfDay } = await import('../../src/lib/server/pipeline/day-series.ts');
		for (const d of [
			'1970-01-01',
			'2000-02-29',
			'2024-02-29',
			'2026-12-31',
			'2100-03-01',
			'1999-12-31'
		]) {
			expect(dayNumber(d)).toBe(Date.parse(`${d}T00:00:00Z`) / 86_400_000);
			expect(dateOfDay(dayNumber(d))).toBe(d);
		}
	});
});
