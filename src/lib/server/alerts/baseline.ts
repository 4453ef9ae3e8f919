// Anomaly baselines: per metric (and label set), an exponentially weighted mean and variance
// for each hour of the day, so 3 a.m. is compared with other 3 a.m.s. A rule's threshold is
// how many standard deviations away counts as unusual.
import type { Sample } from './engine.ts';

const ALPHA = 0.01;
/** samples an hour bucket needs before it is trusted */
export const WARMUP = 120;

interface Bucket {
	mean: number;
	variance: number;
	n: number;
}

export class Baselines {
	#series = new Map<string, Bucket[]>();

	/** Updates the baseline with `s` and returns it with `expected` and `tolerance` filled. */
	observe(key: string, s: Sample, now: number, sigmas: number): Sample {
		if (s.value === null) return { ...s, expected: null, tolerance: null };
		const buckets =
			this.#series.get(key) ?? Array.from({ length: 24 }, () => ({ mean: 0, variance: 0, n: 0 }));
		this.#series.set(key, buckets);
		const b = buckets[new Date(now).getUTCHours()]!;
		const ready = b.n >= WARMUP;
		const expected = ready ? b.mean : null;
		const tolerance = ready ? Math.max(sigmas * Math.sqrt(b.variance), 1e-6) : null;
		// update after reading, so a spike is judged against what came before it
		if (b.n === 0) b.mean = s.value;
		const diff = s.value - b.mean;
		b.mean += ALPHA * diff;
		b.variance = (1 - ALPHA) * (b.variance + ALPHA * diff * diff);
		b.n++;
		return { ...s, expected, tolerance };
	}
}
