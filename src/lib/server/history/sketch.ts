// Latency per bucket as a mergeable DDSketch (@datadog/sketches-js, log mapping with 2%
// relative accuracy): p50/p95/p99 over any range are quantiles of the merged buckets, never
// averages of percentiles. Stored as runs of consecutive keys ("zero;key:count,count|key:count"),
// so a bucket costs one short string; the library's own mapping and quantile code does the maths.
import { DDSketch } from '@datadog/sketches-js';

/** any quantile read back is within 2% of the true value (DDSketch's guarantee) */
export const RELATIVE_ACCURACY = 0.02;
/** distinct keys kept per bucket: 2% steps from 0.01 ms to a day need ~600; more is hostile */
const MAX_KEYS = 1_000;

const mapping = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY }).mapping;

export class LatencySketch {
	/** mapping key → count */
	readonly bins = new Map<number, number>();
	/** values too small to map (0 ms) */
	zero = 0;

	get count(): number {
		let n = this.zero;
		for (const c of this.bins.values()) n += c;
		return n;
	}

	add(ms: number, weight = 1): void {
		if (!(ms > mapping.minPossible)) {
			this.zero += weight;
			return;
		}
		const k = mapping.key(Math.min(ms, mapping.maxPossible));
		if (!this.bins.has(k) && this.bins.size >= MAX_KEYS) return;
		this.bins.set(k, (this.bins.get(k) ?? 0) + weight);
	}

	merge(o: LatencySketch): void {
		this.zero += o.zero;
		for (const [k, c] of o.bins) {
			if (!this.bins.has(k) && this.bins.size >= MAX_KEYS) continue;
			this.bins.set(k, (this.bins.get(k) ?? 0) + c);
		}
	}

	/** q in [0, 1]; null with no values */
	quantile(q: number): number | null {
		const n = this.count;
		if (!n) return null;
		const s = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
		for (const [k, c] of this.bins) s.store.add(k, c);
		s.zeroCount = this.zero;
		s.count = n;
		const v = s.getValueAtQuantile(q);
		return Number.isFinite(v) ? v : null;
	}

	encode(): string {
		const keys = [...this.bins.keys()].sort((a, b) => a - b);
		const runs: string[] = [];
		let run = '';
		let prev = Number.NaN;
		for (const k of keys) {
			const c = this.bins.get(k)!;
			if (k === prev + 1) run += `,${c}`;
			else {
				if (run) runs.push(run);
				run = `${k}:${c}`;
			}
			prev = k;
		}
		if (run) runs.push(run);
		return `${this.zero};${runs.join('|')}`;
	}

	/** A malformed string (hand-edited Redis) decodes to what can be read of it. */
	static decode(s: string | undefined): LatencySketch {
		const out = new LatencySketch();
		if (!s) return out;
		const [zero, runs = ''] = s.split(';', 2);
		const z = Number(zero);
		if (Number.isFinite(z) && z > 0) out.zero = z;
		for (const run of runs.split('|')) {
			const i = run.indexOf(':');
			if (i <= 0) continue;
			let k = Number(run.slice(0, i));
			if (!Number.isInteger(k)) continue;
			for (const cs of run.slice(i + 1).split(',')) {
				const c = Number(cs);
				if (c > 0 && (out.bins.has(k) || out.bins.size < MAX_KEYS))
					out.bins.set(k, (out.bins.get(k) ?? 0) + c);
				k++;
			}
		}
		return out;
	}
}
