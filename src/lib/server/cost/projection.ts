// Spend projection: a linear trend with additive day-of-week seasonality, fitted by least
// squares to the last complete days. Known-answer tests: tests/unit/projection.test.ts.
//
//   y(t) = a + b·t + s[weekday(t)]      (s sums to 0; omitted with fewer than 14 days)
//   band: ±1.96·σ·√h for a sum over h days, σ = residual standard deviation

export const METHOD =
	'Least-squares linear trend over the last 28 complete days with additive day-of-week factors (from 14 days of data); 95% band ±1.96·σ·√days from the residuals.';

export interface Fit {
	a: number;
	b: number;
	/** additive factor per weekday, 0 = Sunday */
	season: number[];
	sigma: number;
	/** day number of t = 0 */
	origin: number;
	n: number;
}

const weekday = (day: number) => (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday

/** Fit to `values[i]` = spend of day `firstDay + i`. Null with fewer than 3 days. */
export function fit(values: number[], firstDay: number): Fit | null {
	const n = values.length;
	if (n < 3) return null;
	const ts = values.map((_, i) => i);
	const mt = (n - 1) / 2;
	const my = values.reduce((a, b) => a + b, 0) / n;
	let sxy = 0;
	let sxx = 0;
	for (let i = 0; i < n; i++) {
		sxy += (ts[i]! - mt) * (values[i]! - my);
		sxx += (ts[i]! - mt) ** 2;
	}
	// seasonality and trend are fitted together by alternating a few times (they are not
	// orthogonal when n is not a multiple of 7)
	let b = sxx > 0 ? sxy / sxx : 0;
	let a = my - b * mt;
	let season = new Array(7).fill(0) as number[];
	if (n >= 14) {
		for (let iter = 0; iter < 20; iter++) {
			const sums = new Array(7).fill(0) as number[];
			const counts = new Array(7).fill(0) as number[];
			for (let i = 0; i < n; i++) {
				const w = weekday(firstDay + i);
				sums[w]! += values[i]! - (a + b * i);
				counts[w]!++;
			}
			season = sums.map((s, w) => (counts[w] ? s / counts[w]! : 0));
			const mean = season.reduce((x, y) => x + y, 0) / 7;
			season = season.map((s) => s - mean);
			const adj = values.map((v, i) => v - season[weekday(firstDay + i)]!);
			const madj = adj.reduce((x, y) => x + y, 0) / n;
			let sxy2 = 0;
			for (let i = 0; i < n; i++) sxy2 += (i - mt) * (adj[i]! - madj);
			b = sxx > 0 ? sxy2 / sxx : 0;
			a = madj - b * mt;
		}
	}
	let ss = 0;
	for (let i = 0; i < n; i++)
		ss += (values[i]! - (a + b * i + season[weekday(firstDay + i)]!)) ** 2;
	const dof = Math.max(1, n - 2 - (n >= 14 ? 6 : 0));
	return { a, b, season, sigma: Math.sqrt(ss / dof), origin: firstDay, n };
}

/** Expected spend on `day` (never below 0). */
export function predict(f: Fit, day: number): number {
	return Math.max(0, f.a + f.b * (day - f.origin) + f.season[weekday(day)]!);
}

export interface Forecast {
	mean: number;
	low: number;
	high: number;
}

/** Sum of the expected spend over days [from, to], with its 95% band. */
export function forecastSum(f: Fit, from: number, to: number): Forecast {
	if (to < from) return { mean: 0, low: 0, high: 0 };
	let mean = 0;
	for (let d = from; d <= to; d++) mean += predict(f, d);
	const half = 1.96 * f.sigma * Math.sqrt(to - from + 1);
	return { mean, low: Math.max(0, mean - half), high: mean + half };
}

export const FIT_DAYS = 28;

/**
 * Month-end projection: spend so far this month + expected spend for the rest of today
 * (if the forecast exceeds what today already spent) + the remaining days, with the band
 * ±1.96·σ·√h over the h days still open (today's remainder counts as one); never below what
 * is already spent. A flat history (σ = 0) has a band of width zero.
 */
export function monthEnd(
	f: Fit | null,
	mtd: number,
	today: number,
	todaySoFar: number,
	lastDayOfMonth: number
): Forecast | null {
	if (!f) return null;
	const rest = forecastSum(f, today + 1, lastDayOfMonth);
	const todayRest = Math.max(0, predict(f, today) - todaySoFar);
	const mean = mtd + todayRest + rest.mean;
	const half = 1.96 * f.sigma * Math.sqrt(lastDayOfMonth - today + 1);
	return { mean, low: Math.max(mtd, mean - half), high: mean + half };
}
