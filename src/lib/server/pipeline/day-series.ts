// A compact daily series: one array of doubles from the first to the last date. 10,000 users ×
// 400 days costs ~32 MB this way, against several hundred MB as Maps of date strings. The
// array never reaches further back than the floor it is built with (pipeline: DAYS_BACK), so a
// key with the members 0001-01-01 and 2026-12-01 costs 800 days, not 740,000.
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

/**
 * The day number of a real calendar date YYYY-MM-DD, or null (what isIsoDate accepts, then
 * dayNumber): char codes only, no regular expression or slices — a cold start parses 4
 * million members. `from`/`to` read a date inside a longer string (a packed set) without
 * cutting it out.
 */
export function dayOfIsoDate(s: string, from = 0, to = s.length): number | null {
	if (to - from !== 10 || s.charCodeAt(from + 4) !== 45 || s.charCodeAt(from + 7) !== 45)
		return null;
	const y = digits(s, from, 4);
	const m = digits(s, from + 5, 2);
	const d = digits(s, from + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1) return null;
	const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
	if (d > MONTH_DAYS[m - 1]! + (leap ? 1 : 0)) return null;
	const yy = y - (m <= 2 ? 1 : 0);
	const era = Math.floor(yy / 400);
	const yoe = yy - era * 400;
	const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
	return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
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
		if (days.size === 0) return null;
		let min = Infinity;
		let max = -Infinity;
		let total = 0;
		let firstOlder: number | null = null;
		const entries: [number, number][] = [];
		for (const [date, v] of days) {
			const d = dayNumber(date);
			total += v;
			if (d < floor) {
				if (v > 0 && (firstOlder === null || d < firstOlder)) firstOlder = d;
				continue;
			}
			entries.push([d, v]);
			if (d < min) min = d;
			if (d > max) max = d;
		}
		if (!entries.length) return new DaySeries(floor, [], total, firstOlder);
		const values = zeroDoubles(max - min + 1);
		for (const [d, v] of entries) values[d - min] = v;
		return new DaySeries(min, values, total, firstOlder);
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
	 * The same from a packed set: `members` pairs "member score" joined by single spaces into
	 * one string (packed-read.ts's PACKED_ZRANGE, which Redis builds so that node-redis decodes one
	 * string per key rather than two per member). Null if the string does not split into
	 * exactly that many pairs: a member holds a space, and the caller reads the set unpacked.
	 */
	static fromPacked(
		packed: string,
		members: number,
		fromDay: number,
		toDay: number,
		maxUsd: number,
		floor = -Infinity
	): ZsetRead | null {
		const fold = new MemberFold(fromDay, toDay, maxUsd, floor);
		if (members === 0) return packed === '' ? fold.result() : null;
		const end = packed.length;
		let at = 0;
		for (let i = 0; i < members; i++) {
			const gap = packed.indexOf(' ', at);
			if (gap < 0) return null;
			let next = packed.indexOf(' ', gap + 1);
			if (next < 0) next = end;
			// the score is Redis's own formatting of a double (%.17g, or inf/-inf/nan: not finite)
			fold.add(dayOfIsoDate(packed, at, gap), Number(packed.slice(gap + 1, next)));
			at = next + 1;
		}
		// every separator used up, none left over: no member held a space
		return at === end + 1 ? fold.result() : null;
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
	#total = 0;
	#kept = 0;
	#firstOlder: number | null = null;
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
		this.#total += score;
		if (d < this.floor) {
			if (score > 0 && (this.#firstOlder === null || d < this.#firstOlder)) this.#firstOlder = d;
			return;
		}
		this.#days.push(d);
		this.#vals.push(score);
		if (d < this.#min) this.#min = d;
		if (d > this.#max) this.#max = d;
	}

	result(): ZsetRead {
		const { skipped, outside } = this;
		if (this.#kept === 0) return { series: null, skipped, outside };
		if (!this.#days.length)
			return {
				series: new DaySeries(this.floor, [], this.#total, this.#firstOlder),
				skipped,
				outside
			};
		const values = zeroDoubles(this.#max - this.#min + 1);
		for (let i = 0; i < this.#days.length; i++) values[this.#days[i]! - this.#min] = this.#vals[i]!;
		return {
			series: new DaySeries(this.#min, values, this.#total, this.#firstOlder),
			skipped,
			outside
		};
	}
}
