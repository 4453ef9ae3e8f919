// The semantic-threshold what-if over rollup records (shared/protocol/what-if.ts): a lookup
// whose best similarity is at or above a threshold would have been a hit at that threshold,
// whether the gateway's own threshold made it a hit or a near-miss. So, for threshold T,
// hits(T) = exact + unsplit + the semantic hits that recorded no similarity + Σ bins ≥ T
// (hits and misses), and savings(T) = actual savings − the recorded hits' savings + Σ bins ≥ T
// (the hits' savings and the misses' spend a hit would have saved). At the current threshold
// this is the actual figure (no miss scores above it). O(101) per record.
import {
	RISK_BAND,
	WHAT_IF_FROM,
	WHAT_IF_TO,
	type WhatIfFigures
} from '../../shared/protocol/what-if.ts';
import type { BucketRecord } from '../history/record.ts';

const money = (n: number) => Math.round(n * 1e9) / 1e9;

/** The figures of one merged record at every slider threshold. */
export function whatIfFigures(r: BucketRecord, current: number): WhatIfFigures {
	// suffix sums over the 101 bins: at[k] = Σ bins ≥ k
	const hitsAt = new Array<number>(102).fill(0);
	const missAt = new Array<number>(102).fill(0);
	const usdAt = new Array<number>(102).fill(0);
	let recHits = 0;
	let recSav = 0;
	let recorded = 0;
	for (let k = 100; k >= 0; k--) {
		const b = r.sim.get(k);
		hitsAt[k] = hitsAt[k + 1]! + (b?.[0] ?? 0);
		missAt[k] = missAt[k + 1]! + (b?.[1] ?? 0);
		usdAt[k] = usdAt[k + 1]! + (b ? b[2] + b[3] : 0);
		if (b) {
			recHits += b[0];
			recSav += b[2];
			recorded += b[0] + b[1];
		}
	}
	const base = r.x + r.hitsUnsplit + Math.max(0, r.s - recHits);
	const rate = (hits: number) => (r.r > 0 ? hits / r.r : null);
	const curve = [];
	for (let k = WHAT_IF_FROM; k <= WHAT_IF_TO; k++) {
		const semantic = Math.max(0, r.s - recHits) + hitsAt[k]! + missAt[k]!;
		curve.push({
			threshold: k / 100,
			hitRate: rate(base + hitsAt[k]! + missAt[k]!),
			savedUsd: money(r.sav - recSav + usdAt[k]!),
			semanticHits: semantic
		});
	}
	const c = Math.round(current * 100);
	const top = Math.round((current + RISK_BAND) * 100);
	return {
		requests: r.r,
		recorded,
		actual: {
			hitRate: rate(r.x + r.s + r.hitsUnsplit),
			savedUsd: money(r.sav),
			semanticHits: r.s
		},
		curve,
		// bins c … top−1 hold similarities in [current, current + 0.02)
		nearAbove: hitsAt[c]! - hitsAt[top]!
	};
}

/**
 * The knee of the hit-rate curve (Kneedle): both axes scaled to [0, 1], the point farthest
 * from the chord between the ends. Null when the curve is flat or has no figures.
 */
export function kneeOf(curve: WhatIfFigures['curve']): number | null {
	const pts = curve.filter((p) => p.hitRate !== null) as { threshold: number; hitRate: number }[];
	if (pts.length < 3) return null;
	const x0 = pts[0]!.threshold;
	const x1 = pts.at(-1)!.threshold;
	const ys = pts.map((p) => p.hitRate);
	const lo = Math.min(...ys);
	const hi = Math.max(...ys);
	if (hi - lo < 1e-12) return null;
	const nx = (x: number) => (x - x0) / (x1 - x0);
	const ny = (y: number) => (y - lo) / (hi - lo);
	const ya = ny(pts[0]!.hitRate);
	const yb = ny(pts.at(-1)!.hitRate);
	let best = -1;
	let at: number | null = null;
	for (const p of pts) {
		// distance from the chord (up to a constant factor)
		const d = Math.abs(ya + (yb - ya) * nx(p.threshold) - ny(p.hitRate));
		if (d > best + 1e-12) {
			best = d;
			at = p.threshold;
		}
	}
	return best > 1e-9 ? at : null;
}
