// The objectives' schema and arithmetic (issue 23): a threshold where it is needed and only
// there, 100% refused (no budget); the count within a latency threshold from the sketch
// (values at the threshold count as within, 5% above do not); budget and exhaustion.
import { describe, expect, it } from 'vitest';
import { emptyRecord } from '../../src/lib/server/history/record.ts';
import { LatencySketch } from '../../src/lib/server/history/sketch.ts';
import { burnOf, evaluate } from '../../src/lib/server/slo/evaluate.ts';
import { describeIssues } from '../../src/lib/shared/protocol/reply.ts';
import { sloSchema, type Slo } from '../../src/lib/shared/protocol/slo.ts';

const issues = (v: unknown) => {
	const r = sloSchema.safeParse(v);
	return r.success ? null : describeIssues(r.error);
};

describe('SLO schema', () => {
	it('defaults the window to 28 days', () => {
		expect(sloSchema.parse({ name: 'a', sli: 'availability', objective: 99.9 }).windowDays).toBe(
			28
		);
	});
	it.each([
		[{ name: 'a', sli: 'latency', objective: 99 }, /latency objective needs a threshold/],
		[{ name: 'a', sli: 'availability', objective: 99, thresholdMs: 5 }, /only latency and ttft/],
		[{ name: 'a', sli: 'availability', objective: 100 }, /less than 100%/],
		[
			{ name: 'a', sli: 'uptime', objective: 99 },
			/sli must be one of availability, latency, ttft, hit_rate/
		],
		[{ name: 'a', sli: 'availability', objective: 99, windowDays: 365 }, /at most 90/],
		[{ name: 'a', sli: 'availability', objective: 99, extra: 1 }, /unknown field/]
	])('refuses %o', (v, msg) => {
		expect(issues(v)).toMatch(msg);
	});
});

describe('within a threshold, from the sketch', () => {
	it('counts values at the threshold and below, not 5% above', () => {
		const s = new LatencySketch();
		s.add(2000, 100);
		s.add(1000, 50);
		s.add(2100, 7);
		s.add(0, 3);
		expect(s.countAtMost(2000)).toBe(153);
		expect(s.countAtMost(1999)).toBe(153); // the same 2% bin as 2,000
		expect(s.countAtMost(1900)).toBe(53);
		expect(s.countAtMost(0)).toBe(3);
		expect(s.countAtMost(1e9)).toBe(160);
	});
});

describe('budget and burn', () => {
	const slo: Slo = { name: 'a', sli: 'availability', objective: 99.9, windowDays: 28 };
	const rec = (ws: number, e: number) => ({ ...emptyRecord(), ws, e });

	it('burn is the bad share over the allowed one', () => {
		expect(burnOf(slo, { good: 999, total: 1000 })).toBeCloseTo(1, 9);
		expect(burnOf(slo, { good: 0, total: 0 })).toBeNull();
	});

	it('a quarter of the budget spent, the last hour burning 14.4×: gone in 28 d × 0.75 ÷ 14.4', () => {
		const now = Date.UTC(2026, 11, 1);
		const s = evaluate(
			'x',
			slo,
			{
				whole: rec(1_000_000, 250),
				burn: { '5m': rec(1000, 0), '30m': null, '1h': rec(10_000, 144), '6h': null, '3d': null }
			},
			now
		);
		expect(s.budgetRemaining).toBeCloseTo(0.75, 9);
		expect(s.burn['1h']).toBeCloseTo(14.4, 9);
		expect(s.burn['5m']).toBe(0);
		expect(s.burn['30m']).toBeNull(); // nobody observed it
		expect(s.exhaustsAt).toBe(Math.round(now + (0.75 * 28 * 86_400_000) / 14.4));
		expect(s.sli).toBeCloseTo(0.99975, 9);
	});
});
