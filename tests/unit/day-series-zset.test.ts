// DaySeries.fromZset (issue 22, the cold start's hot loop): a daily set's members straight into
// a series equal parseDailyZset then fromDays — random members, invalid dates and amounts
// included — and dayOfIsoDate accepts exactly what isIsoDate does. The total does not depend on
// the order the members come in (fromDump's order is not ZRANGE's); fromDump itself is tested
// against a real Redis in tests/integration/rdb-zset.test.ts.
import { describe, expect, it } from 'vitest';
import {
	DaySeries,
	dateOfDay,
	dayNumber,
	dayOfIsoBytes,
	dayOfIsoDate
} from '../../src/lib/server/pipeline/day-series.ts';
import { MAX_DAILY_USD, isIsoDate, parseDailyZset } from '../../src/lib/shared/contract/parse.ts';

function lcg(seed: number) {
	let s = seed >>> 0;
	return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const ODD = [
	'2026-02-29',
	'2024-02-29',
	'1900-02-29',
	'2000-02-29',
	'2026-13-01',
	'2026-00-10',
	'2026-04-31',
	'2026-4-01',
	'2026-04-01 ',
	'２０２６-04-01',
	'',
	'x',
	'0000-01-01',
	'9999-12-31',
	'2026-12-01\n'
];

describe('DaySeries.fromZset', () => {
	it('accepts the dates isIsoDate accepts, at the day dayNumber gives', () => {
		const r = lcg(3);
		const samples = [...ODD];
		for (let i = 0; i < 5_000; i++) samples.push(dateOfDay(Math.floor(r() * 40_000) - 5_000));
		for (let i = 0; i < 2_000; i++)
			samples.push(
				`${String(Math.floor(r() * 10_000)).padStart(4, '0')}-${String(Math.floor(r() * 14)).padStart(2, '0')}-${String(Math.floor(r() * 33)).padStart(2, '0')}`
			);
		for (const s of samples) {
			const want = isIsoDate(s) ? dayNumber(s) : null;
			expect(dayOfIsoDate(s)).toBe(want);
			// the same date as the bytes of a DUMP's member, inside a longer buffer
			const b = Buffer.concat([Buffer.from('xy'), Buffer.from(s), Buffer.from('z')]);
			expect(dayOfIsoBytes(b, 2, b.length - 1), s).toBe(want);
		}
	});

	it('equals parseDailyZset then fromDays on random sets', () => {
		const r = lcg(8);
		const today = dayNumber('2026-12-02');
		for (let t = 0; t < 300; t++) {
			const entries: { value: string; score: number }[] = [];
			const seen = new Set<string>();
			for (let i = 0, n = Math.floor(r() * 60); i < n; i++) {
				const x = r();
				const value =
					x < 0.05
						? ODD[Math.floor(r() * ODD.length)]!
						: dateOfDay(today - Math.floor(r() * 1_200) + 3);
				if (seen.has(value)) continue; // members of a sorted set are unique
				seen.add(value);
				const y = r();
				const score =
					y < 0.05
						? -1
						: y < 0.08
							? NaN
							: y < 0.1
								? 2e9
								: y < 0.2
									? 0
									: Math.round(r() * 1e4) / 100;
				entries.push({ value, score });
			}
			const window = { from: '1970-01-01', to: dateOfDay(today + 2) };
			const floor = today - 800;
			const plain = parseDailyZset(entries, window);
			const got = DaySeries.fromZset(
				entries,
				dayNumber(window.from),
				today + 2,
				MAX_DAILY_USD,
				floor
			);
			expect(got.skipped).toBe(plain.skipped);
			expect(got.outside).toBe(plain.outside);
			const want = DaySeries.fromDays(plain.days, floor);
			if (want === null) expect(got.series).toBeNull();
			else {
				expect(got.series).not.toBeNull();
				expect(got.series!.start).toBe(want.start);
				expect(Array.from(got.series!.values)).toEqual(Array.from(want.values));
				expect(got.series!.total).toBe(want.total);
				expect(got.series!.firstOlder).toBe(want.firstOlder);
				expect(got.series!.equals(want)).toBe(true);
			}
		}
	});
});

describe("a series does not depend on the members' order", () => {
	it('equal series from shuffled members, to the last bit of the total', () => {
		const r = lcg(5);
		const today = dayNumber('2026-12-02');
		for (let t = 0; t < 100; t++) {
			const entries = Array.from({ length: 1 + Math.floor(r() * 900) }, (_, i) => ({
				value: dateOfDay(today - i),
				score: r() * 3.7
			}));
			const shuffled = [...entries].sort(() => r() - 0.5);
			const args = [dayNumber('1970-01-01'), today + 2, MAX_DAILY_USD, today - 800] as const;
			const a = DaySeries.fromZset(entries, ...args).series!;
			const b = DaySeries.fromZset(shuffled, ...args).series!;
			expect(b.total).toBe(a.total);
			expect(b.equals(a)).toBe(true);
		}
	});
});
