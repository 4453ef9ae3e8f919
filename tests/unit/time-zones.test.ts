// Zones as the dashboard uses them (issue 20): properties over many zones — per-hour figures
// sum to per-day, per-day to per-month, per-month to the total — the DST days of
// America/New_York and Europe/Berlin (23 and 25 hours, the repeated hour), half- and
// quarter-hour zones, and parsing that never depends on the host's TZ.
import { describe, expect, it } from 'vitest';
import type { IncidentView } from '../../src/lib/shared/protocol/state/security.ts';
import { complianceScore, timeBuckets } from '../../src/lib/server/security/compliance.ts';
import { Store } from '../../src/lib/server/pipeline/store.ts';
import {
	dateInZone,
	fixedZone,
	localTime,
	parseTimestamp,
	startOfDay,
	startOfHour,
	zoneLabel
} from '../../src/lib/shared/time.ts';

const ZONES = [
	'UTC',
	'Asia/Kolkata', // +5:30
	'Asia/Kathmandu', // +5:45
	'Pacific/Tongatapu', // +13
	'Pacific/Marquesas', // −9:30
	'Pacific/Chatham', // +12:45 / +13:45 with DST
	'Australia/Lord_Howe', // a 30-minute DST shift
	'America/New_York',
	'Europe/Berlin',
	'America/Sao_Paulo',
	fixedZone(5.75),
	fixedZone(-8)
];
const HOUR = 3_600_000;

/** a small deterministic PRNG (mulberry32): the same instants on every run */
function rng(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('per-hour, per-day, per-month and total agree in every zone', () => {
	it.each(ZONES)('%s', (zone) => {
		const next = rng(zone.length * 7919);
		const from = Date.UTC(2026, 0, 1);
		const span = 365 * 24 * HOUR;
		const instants = Array.from({ length: 5_000 }, () => from + Math.floor(next() * span));
		const perHour = new Map<number, number>();
		const perDay = new Map<string, number>();
		for (const t of instants) {
			const h = startOfHour(t, zone);
			// an hour starts at or before the instant, less than an hour before, on a local :00
			expect(h).toBeLessThanOrEqual(t);
			expect(t - h).toBeLessThan(HOUR);
			expect(localTime(h, zone).minute).toBe(0);
			perHour.set(h, (perHour.get(h) ?? 0) + 1);
			const d = dateInZone(t, zone);
			perDay.set(d, (perDay.get(d) ?? 0) + 1);
		}
		// hours roll up into the day they start in
		const daysFromHours = new Map<string, number>();
		for (const [h, n] of perHour) {
			const d = dateInZone(h, zone);
			daysFromHours.set(d, (daysFromHours.get(d) ?? 0) + n);
		}
		expect(daysFromHours).toEqual(perDay);
		// days into months, months into the total
		const perMonth = new Map<string, number>();
		for (const [d, n] of perDay)
			perMonth.set(d.slice(0, 7), (perMonth.get(d.slice(0, 7)) ?? 0) + n);
		expect([...perMonth.values()].reduce((a, b) => a + b, 0)).toBe(instants.length);
		// every day's start is the first instant of that date, and the day before ends there
		for (const d of perDay.keys()) {
			const s = startOfDay(d, zone);
			expect(dateInZone(s, zone)).toBe(d);
			expect(dateInZone(s - 1, zone)).not.toBe(d);
		}
	});
});

describe('daylight saving time', () => {
	const length = (date: string, next: string, zone: string) =>
		(startOfDay(next, zone) - startOfDay(date, zone)) / HOUR;

	it('gives America/New_York a 23-hour and a 25-hour day, with EST and EDT', () => {
		const ny = 'America/New_York';
		expect(length('2026-03-08', '2026-03-09', ny)).toBe(23);
		expect(length('2026-11-01', '2026-11-02', ny)).toBe(25);
		expect(length('2026-07-01', '2026-07-02', ny)).toBe(24);
		expect(zoneLabel(ny, Date.UTC(2026, 0, 15))).toBe('EST');
		expect(zoneLabel(ny, Date.UTC(2026, 6, 15))).toBe('EDT');
		// the repeated hour: 01:30 happens twice on 2026-11-01, an hour apart, EDT then EST
		const first = Date.UTC(2026, 10, 1, 5, 30); // 01:30 EDT
		const second = first + HOUR; // 01:30 EST
		expect(localTime(first, ny).hour).toBe(1);
		expect(localTime(second, ny).hour).toBe(1);
		expect(startOfHour(second, ny) - startOfHour(first, ny)).toBe(HOUR);
		// 02:30 on 2026-03-08 does not exist: the hour after 01:59 is 03:00
		expect(localTime(Date.UTC(2026, 2, 8, 7, 0), ny).hour).toBe(3);
	});

	it('gives Europe/Berlin a 23-hour and a 25-hour day, with CET and CEST', () => {
		const b = 'Europe/Berlin';
		expect(length('2026-03-29', '2026-03-30', b)).toBe(23);
		expect(length('2026-10-25', '2026-10-26', b)).toBe(25);
		expect(zoneLabel(b, Date.UTC(2026, 0, 15))).toMatch(/^(CET|GMT\+1|UTC\+1)$/);
		expect(zoneLabel(b, Date.UTC(2026, 6, 15))).toMatch(/^(CEST|GMT\+2|UTC\+2)$/);
	});

	it('counts 23 and 25 hourly buckets on those days', () => {
		for (const [zone, date, next, hours] of [
			['America/New_York', '2026-03-08', '2026-03-09', 23],
			['America/New_York', '2026-11-01', '2026-11-02', 25],
			['Europe/Berlin', '2026-10-25', '2026-10-26', 25]
		] as const) {
			const starts = new Set<number>();
			for (let t = startOfDay(date, zone); t < startOfDay(next, zone); t += 60_000)
				starts.add(startOfHour(t, zone));
			expect(starts.size, `${zone} ${date}`).toBe(hours);
		}
	});
});

describe('half- and quarter-hour zones', () => {
	it('labels UTC+5:45 as such, not UTC+6', () => {
		expect(zoneLabel(fixedZone(5.75), Date.UTC(2026, 0, 1))).toBe('UTC+5:45');
		expect(zoneLabel('Asia/Kathmandu', Date.UTC(2026, 0, 1))).toMatch(/5:45/);
	});

	it('puts every heatmap cell at UTC+5:45 in its local hour (issue 20: 128 of 168 were wrong)', () => {
		const zone = 'Asia/Kathmandu';
		const store = new Store(zone);
		// one event at minute 50 UTC of every hour of a week: local minute 35 of the next hour
		const monday = Date.UTC(2026, 10, 30); // a Monday, 00:00 UTC
		let wrong = 0;
		for (let h = 0; h < 168; h++) {
			const t = monday + h * HOUR + 50 * 60_000;
			const before = [...store.hourOfWeek];
			store.countHourOfWeek(t);
			const local = localTime(t, zone);
			const cell = local.weekday * 24 + local.hour;
			if (store.hourOfWeek[cell] !== before[cell]! + 1) wrong++;
			// 00:50 UTC is 06:35 in Kathmandu
			if (h === 0) expect([local.hour, local.minute]).toEqual([6, 35]);
		}
		expect(wrong).toBe(0);
		expect(store.hourOfWeekEvents).toBe(168);
	});

	it('scores a day by its busiest local hour at +5:30 (a burst inside one local hour is one hour)', () => {
		const zone = 'Asia/Kolkata';
		// 8 unhandled-action incidents between 16:05 and 16:55 IST = 10:35 to 11:25 UTC, which
		// straddles a UTC hour boundary: counted per UTC hour the busiest hour would be 4
		const base = Date.UTC(2026, 10, 30, 10, 35);
		const list = Array.from({ length: 8 }, (_, i): IncidentView => ({
			id: String(i),
			userId: 'u',
			ts: base + i * 6 * 60_000,
			entityType: 'EMAIL_ADDRESS',
			entitySource: 'recorded',
			action: 'redacted',
			handled: true,
			preview: '',
			fields: {}
		}));
		const now = base + 2 * HOUR;
		const { perDay } = timeBuckets(list, now, zone, 2);
		expect(perDay).toHaveLength(1);
		// R = threshold / busiest hour = 2 / 8
		expect(perDay[0]!.score).toBe(complianceScore(list, 8, 2).score);
		expect(perDay[0]!.score).not.toBe(complianceScore(list, 4, 2).score);
	});
});

describe('timestamps from the gateway', () => {
	it('reads a zone-less ISO timestamp as UTC whatever the host TZ is', () => {
		const before = process.env.TZ;
		try {
			for (const tz of ['America/New_York', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC']) {
				process.env.TZ = tz; // Node re-reads TZ when it changes
				expect(parseTimestamp('2026-11-30T10:05:00.123456')).toBe(
					Date.UTC(2026, 10, 30, 10, 5, 0, 123)
				);
				expect(parseTimestamp('2026-11-30 10:05:00')).toBe(Date.UTC(2026, 10, 30, 10, 5));
				expect(parseTimestamp('2026-11-30T10:05:00+05:30')).toBe(Date.UTC(2026, 10, 30, 4, 35));
				expect(dateInZone(Date.UTC(2026, 10, 30, 23, 30), 'UTC')).toBe('2026-11-30');
			}
		} finally {
			if (before === undefined) delete process.env.TZ;
			else process.env.TZ = before;
		}
	});
});
