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

export function dateOfDay(day: number): string {
	return new Date(day * DAY).toISOString().slice(0, 10);
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
		// a plain double array rather than a Float64Array: 400,000 small typed arrays each carry
		// an array buffer off the heap, which every major GC has to track and sweep (filled with
		// a double first, so V8 keeps it as unboxed doubles from the start)
		const values: number[] = new Array<number>(max - min + 1).fill(0.5);
		values.fill(0);
		for (const [d, v] of entries) values[d - min] = v;
		return new DaySeries(min, values, total, firstOlder);
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
