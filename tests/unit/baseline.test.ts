import { describe, expect, it } from 'vitest';
import { Baselines, WARMUP } from '../../src/lib/server/alerts/baseline.ts';

describe('anomaly baselines', () => {
	it('says nothing until an hour bucket has warmed up, then expects its mean', () => {
		const b = new Baselines();
		const t = Date.parse('2026-01-01T03:00:00Z');
		let last = b.observe('m', { value: 10 }, t, 3);
		expect(last.expected).toBeNull();
		for (let i = 0; i < WARMUP; i++)
			last = b.observe('m', { value: i % 2 ? 9 : 11 }, t + i * 1000, 3);
		expect(last.expected).toBeCloseTo(10, 0);
		expect(last.tolerance).toBeGreaterThan(0);
		// another hour of the day has its own baseline
		expect(
			b.observe('m', { value: 10 }, Date.parse('2026-01-01T04:00:00Z'), 3).expected
		).toBeNull();
	});
});
