// Which time a source observed: merged [from, to) intervals. A bucket inside one is a real
// figure (0 when nothing happened); a bucket outside every one is a gap (null). Kept in the
// writer's state, trimmed to the longest retention and to MAX_INTERVALS.
export type Interval = [number, number];

const MAX_INTERVALS = 2_000;

export class Coverage {
	constructor(readonly intervals: Interval[] = []) {}

	static decode(s: string | null | undefined): Coverage {
		if (!s) return new Coverage();
		try {
			const v = JSON.parse(s) as unknown;
			if (!Array.isArray(v)) return new Coverage();
			const ok = v.filter(
				(x): x is Interval =>
					Array.isArray(x) &&
					x.length === 2 &&
					Number.isFinite(x[0]) &&
					Number.isFinite(x[1]) &&
					x[1] >= x[0]
			);
			return new Coverage(ok.sort((a, b) => a[0] - b[0]));
		} catch {
			return new Coverage();
		}
	}

	encode(): string {
		return JSON.stringify(this.intervals);
	}

	/** the end of the last interval (where a continuous source resumes), or null */
	get end(): number | null {
		return this.intervals.at(-1)?.[1] ?? null;
	}

	/** Adds [from, to), merging with what it touches; drops what ends before `keepFrom`. */
	add(from: number, to: number, keepFrom = -Infinity): Coverage {
		if (!(to > from)) return this;
		const all = [...this.intervals, [from, to] as Interval].sort((a, b) => a[0] - b[0]);
		const out: Interval[] = [];
		for (const [a, b] of all) {
			const last = out.at(-1);
			if (last && a <= last[1]) last[1] = Math.max(last[1], b);
			else out.push([a, b]);
		}
		const kept = out.filter(([, b]) => b >= keepFrom);
		return new Coverage(kept.slice(-MAX_INTERVALS));
	}

	/** whether any observed time falls in [from, to) */
	touches(from: number, to: number): boolean {
		// intervals are few and sorted; a linear scan from the end is enough for recent buckets
		for (let i = this.intervals.length - 1; i >= 0; i--) {
			const [a, b] = this.intervals[i]!;
			if (b <= from) return false;
			if (a < to && b > from) return true;
		}
		return false;
	}
}
