// The latency window as a ring (issue 22) answers exactly as the plain array it replaced:
// random pushes (past the cap, so the ring wraps), expiries and percentiles against a
// reference that keeps every sample in an array and sorts on each question.
import { describe, expect, it } from 'vitest';
import { LatencyWindow, type LatencySample } from '../../src/lib/server/pipeline/store.ts';

class Reference {
	samples: LatencySample[] = [];
	constructor(
		readonly windowMs: number,
		readonly cap: number
	) {}
	push(s: LatencySample) {
		this.samples.push(s);
		if (this.samples.length > this.cap) this.samples.splice(0, this.samples.length - this.cap);
	}
	expire(now: number) {
		let i = 0;
		while (i < this.samples.length && this.samples[i]!.ts < now - this.windowMs) i++;
		this.samples.splice(0, i);
		return i > 0;
	}
	percentile(p: number) {
		if (!this.samples.length) return null;
		const s = this.samples.map((x) => x.latencyMs).sort((a, b) => a - b);
		return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
	}
}

function rng(seed: number) {
	return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('LatencyWindow', () => {
	it.each([1, 2, 3])(
		'equals the plain array under random pushes and expiries (seed %i)',
		(seed) => {
			const r = rng(seed);
			const cap = 50;
			const w = new LatencyWindow(1_000, cap);
			const ref = new Reference(1_000, cap);
			let now = 0;
			for (let step = 0; step < 5_000; step++) {
				const x = r();
				if (x < 0.7) {
					now += Math.floor(r() * 30);
					// timestamps mostly rising, sometimes a little behind (the gateway's clock)
					const s = { ts: now - Math.floor(r() * 20), latencyMs: Math.floor(r() * 2_000) / 4 };
					w.push(s);
					ref.push(s);
				} else if (x < 0.9) {
					expect(w.expire(now)).toBe(ref.expire(now));
				} else if (x < 0.999) {
					for (const p of [1, 50, 95, 99, 100]) expect(w.percentile(p)).toBe(ref.percentile(p));
				} else {
					w.reset();
					ref.samples = [];
				}
				expect(w.size).toBe(ref.samples.length);
			}
		}
	);
});
