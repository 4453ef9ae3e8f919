// DaySeries.fromZset (issue 22, the cold start's hot loop): a daily set's members straight into
// a series equal parseDailyZset then fromDays — random members, invalid dates and amounts
// included — and dayOfIsoDate accepts exactly what isIsoDate does. fromPacked (the same set
// joined into one string by Redis) equals fromZset, and refuses a string it cannot split.
import { describe, expect, it } from 'vitest';
import {
	DaySeries,
	dateOfDay,
	dayNumber,
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
		for (const s of samples) expect(dayOfIsoDate(s)).toBe(isIsoDate(s) ? dayNumber(s) : null);
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

/** The packed form readers.ts's script returns: members and scores joined by spaces, each
 * score as Redis writes a double (JS's shortest form reads back to the same double, as
 * Redis's %.17g does; an infinite score is "inf"). */
function pack(entries: { value: string; score: number }[]): string {
	const score = (x: number) => (x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x));
	return entries.flatMap((e) => [e.value, score(e.score)]).join(' ');
}

describe('DaySeries.fromPacked', () => {
	const today = dayNumber('2026-12-02');
	const args = [dayNumber('1970-01-01'), today + 2, MAX_DAILY_USD, today - 800] as const;

	it('equals fromZset on random sets', () => {
		const r = lcg(21);
		for (let t = 0; t < 300; t++) {
			const entries: { value: string; score: number }[] = [];
			const seen = new Set<string>();
			for (let i = 0, n = Math.floor(r() * 60); i < n; i++) {
				const x = r();
				const value =
					x < 0.05
						? ODD[Math.floor(r() * ODD.length)]!.replace(/ /g, '')
						: x < 0.07
							? `ün-${i}`
							: dateOfDay(today - Math.floor(r() * 1_200) + 3);
				if (seen.has(value)) continue;
				seen.add(value);
				const y = r();
				const score =
					y < 0.05 ? -1 : y < 0.07 ? Infinity : y < 0.1 ? 2e9 : y < 0.2 ? 0 : r() * 97.3;
				entries.push({ value, score });
			}
			const want = DaySeries.fromZset(entries, ...args);
			const got = DaySeries.fromPacked(pack(entries), entries.length, ...args);
			expect(got).not.toBeNull();
			expect(got!.skipped).toBe(want.skipped);
			expect(got!.outside).toBe(want.outside);
			if (want.series === null) expect(got!.series).toBeNull();
			else expect(got!.series!.equals(want.series)).toBe(true);
		}
	});

	it('an empty set is no series', () => {
		expect(DaySeries.fromPacked('', 0, ...args)).toEqual({ series: null, skipped: 0, outside: 0 });
	});

	it('refuses a string that does not split into exactly the pairs counted', () => {
		const entries = [
			{ value: '2026-12-01', score: 1.5 },
			{ value: '2026-12-02', score: 2 }
		];
		expect(DaySeries.fromPacked(pack(entries), 2, ...args)).not.toBeNull();
		// a member with a space: one token too many, whatever it holds
		for (const odd of ['a b', '2026-12-01 3', ' ', '2026-12-01 ', ' 2026-12-01'])
			expect(
				DaySeries.fromPacked(pack([...entries, { value: odd, score: 1 }]), 3, ...args)
			).toBeNull();
		// tokens missing, or a count that does not match
		expect(DaySeries.fromPacked('2026-12-01', 1, ...args)).toBeNull();
		expect(DaySeries.fromPacked(pack(entries), 1, ...args)).toBeNull();
		expect(DaySeries.fromPacked(pack(entries), 3, ...args)).toBeNull();
		expect(DaySeries.fromPacked('x', 0, ...args)).toBeNull();
	});
});
