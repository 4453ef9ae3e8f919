// A compact daily series: one array of doubles from the first to the last date. 10,000 users ×
// 400 days costs ~32 MB this way, against several hundred MB as Maps of date strings. The
// array never reaches further back than the floor it is built with (pipeline: DAYS_BACK), so a
// key with the members 0001-01-01 and 2026-12-01 costs 800 days, not 740,000.
import { zsetFromDump } from './rdb-zset.ts';

const DAY = 86_400_000;

/**
 * Days since 1970-01-01 of a YYYY-MM-DD date: civil-calendar arithmetic (H. Hinnant's
 * days_from_civil), no Date objects — it runs for every member of 10,000 users' sets.
 */
export function dayNumber(date: string): number {
	let y = +date.slice(0, 4);
	const m = +date.slice(5, 7);
	const d = +date.slice(8, 10);
	y -= m <= 2 ? 1 : 0;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146_097 + doe - 719_468;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Two or four ASCII digits of `s` from `at` as a number, or -1. */
function digits(s: string, at: number, n: number): number {
	let v = 0;
	for (let i = at; i < at + n; i++) {
		const c = s.charCodeAt(i) - 48;
		if (c < 0 || c > 9) return -1;
		v = v * 10 + c;
	}
	return v;
}

/** The same over bytes. */
function digitBytes(b: Uint8Array, at: number, n: number): number {
	let v = 0;
	for (let i = at; i < at + n; i++) {
		const c = b[i]! - 48;
		if (c < 0 || c > 9) return -1;
		v = v * 10 + c;
	}
	return v;
}

/** The day number of year `y`, month `m`, day `d` if that is a real calendar date, else null. */
function civilDay(y: number, m: number, d: number): number | null {
	if (y < 0 || m < 1 || m > 12 || d < 1) return null;
	const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
	if (d > MONTH_DAYS[m - 1]! + (leap ? 1 : 0)) return null;
	const yy = y - (m <= 2 ? 1 : 0);
	const era = Math.floor(yy / 400);
	const yoe = yy - era * 400;
	const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
	return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/**
 * The day number of a real calendar date YYYY-MM-DD, or null (what isIsoDate accepts, then
 * dayNumber): char codes only, no regular expression or slices — a cold start parses 4
 * million members.
 */
export function dayOfIsoDate(s: string): number | null {
	if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
	return civilDay(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
}

/** The same over the bytes [from, to) of a buffer (a DUMP's members): no string is made. */
export function dayOfIsoBytes(b: Uint8Array, from: number, to: number): number | null {
	if (to - from !== 10 || b[from + 4] !== 45 || b[from + 7] !== 45) return null;
	return civilDay(digitBytes(b, from, 4), digitBytes(b, from + 5, 2), digitBytes(b, from + 8, 2));
}

export function dateOfDay(day: number): string {
	return new Date(day * DAY).toISOString().slice(0, 10);
}

/**
 * `n` zeros as a plain double array rather than a Float64Array: 400,000 small typed arrays
 * each carry an array buffer off the heap, which every major GC has to track and sweep
 * (filled with a double first, so V8 keeps it as unboxed doubles from the start).
 */
function zeroDoubles(n: number): number[] {
	return new Array<number>(n).fill(0.5).fill(0);
}

export class DaySeries {
	#first: number | null | undefined;

	constructor(
		readonly start: number,
		/** a plain array of doubles (on the V8 heap, nothing for the GC to scan) or a Float64Array */
		readonly values: ArrayLike<number>,
		/** every day's value, those before `start` included */
		readonly total: number,
		/** the first active day before `start` (kept in `total` only), or null */
		readonly firstOlder: number | null = null
	) {}

	/**
	 * Days before `floor` go into `total` (and firstActive) but not into the array: the array's
	 * length is bounded by the days a page can show, whatever dates a key holds.
	 */
	static fromDays(days: Map<string, number>, floor = -Infinity): DaySeries | null {
		const fold = new MemberFold(-Infinity, Infinity, Infinity, floor);
		for (const [date, v] of days) fold.add(dayNumber(date), v);
		return fold.result().series;
	}

	/**
	 * A daily sorted set's members straight into a series (what parseDailyZset then fromDays
	 * give, without the map of date strings): members that are not a real date with an amount
	 * in [0, maxUsd] are `skipped`, dates outside [fromDay, toDay] are `outside`.
	 */
	static fromZset(
		entries: readonly { value: string; score: number }[],
		fromDay: number,
		toDay: number,
		maxUsd: number,
		floor = -Infinity
	): ZsetRead {
		const fold = new MemberFold(fromDay, toDay, maxUsd, floor);
		for (const { value, score } of entries) fold.add(dayOfIsoDate(value), score);
		return fold.result();
	}

	/**
	 * The same from a sorted set's DUMP payload (rdb-zset.ts), with the number of members; null
	 * if the payload is not in an encoding read there (the caller reads the set with ZRANGE).
	 */
	static fromDump(
		payload: Buffer,
		fromDay: number,
		toDay: number,
		maxUsd: number,
		floor = -Infinity
	): (ZsetRead & { count: number }) | null {
		const fold = new MemberFold(fromDay, toDay, maxUsd, floor);
		const count = zsetFromDump(payload, (b, from, to, score) =>
			fold.add(dayOfIsoBytes(b, from, to), score)
		);
		return count === null ? null : { ...fold.result(), count };
	}

	get end(): number {
		return this.start + this.values.length - 1;
	}

	at(day: number): number {
		const i = day - this.start;
		return i >= 0 && i < this.values.length ? this.values[i]! : 0;
	}

	/**
	 * Sum over days [from, to], inclusive: a loop over at most those days (ranges are ≤ 90 days;
	 * rooms no longer sum every user per derive — the aggregates sum a user once per change). No
	 * cached prefix array: 400,000 series each with a second typed array made the GC mark twice
	 * as many objects.
	 */
	sum(from: number, to: number): number {
		const a = Math.max(from, this.start) - this.start;
		const b = Math.min(to, this.end) - this.start;
		let sum = 0;
		for (let i = a; i <= b; i++) sum += this.values[i]!;
		return sum;
	}

	/** First day with a non-zero value, or null. */
	firstActive(): number | null {
		if (this.#first === undefined) {
			this.#first = this.firstOlder;
			if (this.#first !== null) return this.#first;
			for (let i = 0; i < this.values.length; i++) {
				if (this.values[i]! > 0) {
					this.#first = this.start + i;
					break;
				}
			}
		}
		return this.#first;
	}

	/** Last day with a non-zero value in the array, or the older first one, or null. */
	lastActive(): number | null {
		for (let i = this.values.length - 1; i >= 0; i--)
			if (this.values[i]! > 0) return this.start + i;
		return this.firstOlder;
	}

	equals(o: DaySeries | null | undefined): boolean {
		if (
			!o ||
			o.start !== this.start ||
			o.values.length !== this.values.length ||
			o.total !== this.total ||
			o.firstOlder !== this.firstOlder
		)
			return false;
		for (let i = 0; i < this.values.length; i++) if (o.values[i] !== this.values[i]) return false;
		return true;
	}
}

export interface ZsetRead {
	series: DaySeries | null;
	/** members that are not a real date with an amount in [0, maxUsd] */
	skipped: number;
	/** dates outside [fromDay, toDay] */
	outside: number;
}

/** One rule for which members a series keeps, whatever form the members arrive in. */
class MemberFold {
	skipped = 0;
	outside = 0;
	#min = Infinity;
	#max = -Infinity;
	#kept = 0;
	#firstOlder: number | null = null;
	/** members before the floor: in the total only */
	readonly #older: [number, number][] = [];
	readonly #days: number[] = [];
	readonly #vals: number[] = [];

	constructor(
		private readonly fromDay: number,
		private readonly toDay: number,
		private readonly maxUsd: number,
		private readonly floor: number
	) {}

	/** a member (its day, null if not a real date) and its score */
	add(d: number | null, score: number): void {
		if (d === null || !Number.isFinite(score) || score < 0 || score > this.maxUsd) {
			this.skipped++;
			return;
		}
		if (d < this.fromDay || d > this.toDay) {
			this.outside++;
			return;
		}
		this.#kept++;
		if (d < this.floor) {
			if (score > 0 && (this.#firstOlder === null || d < this.#firstOlder)) this.#firstOlder = d;
			this.#older.push([d, score]);
			return;
		}
		this.#days.push(d);
		this.#vals.push(score);
		if (d < this.#min) this.#min = d;
		if (d > this.#max) this.#max = d;
	}

	/**
	 * The total is summed in day order, whatever order the members came in (ZRANGE gives them
	 * by score, a DUMP in its own order): a float sum depends on its order, and two reads of the
	 * same set must give the same series.
	 */
	result(): ZsetRead {
		const { skipped, outside } = this;
		if (this.#kept === 0) return { series: null, skipped, outside };
		let total = 0;
		for (const [, v] of this.#older.sort((a, b) => a[0] - b[0])) total += v;
		if (!this.#days.length)
			return { series: new DaySeries(this.floor, [], total, this.#firstOlder), skipped, outside };
		const values = zeroDoubles(this.#max - this.#min + 1);
		for (let i = 0; i < this.#days.length; i++) values[this.#days[i]! - this.#min] = this.#vals[i]!;
		for (let i = 0; i < values.length; i++) total += values[i]!;
		return {
			series: new DaySeries(this.#min, values, total, this.#firstOlder),
			skipped,
			outside
		};
	}
}
