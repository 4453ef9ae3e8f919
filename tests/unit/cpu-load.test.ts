// CPU load from two readings of the per-core tick counters (issue 22: systeminformation's
// currentLoad spawned a shell with execSync on every sample, blocking the event loop).
import { describe, expect, it } from 'vitest';
import { CpuLoad } from '../../src/lib/server/system/host.ts';

const ticks = (user: number, sys: number, idle: number) => ({ user, nice: 0, sys, idle, irq: 0 });

describe('CpuLoad', () => {
	it('gives each core and the total busy share between two readings', () => {
		const readings = [
			[ticks(100, 50, 850), ticks(0, 0, 1_000)],
			// core 0: 300 busy of 400; core 1: 100 busy of 400 → total 400 of 800
			[ticks(300, 150, 950), ticks(50, 50, 1_300)]
		];
		const load = new CpuLoad(() => readings.shift()!);
		expect(load.sample()).toEqual({ totalPct: (150 / 2_000) * 100, perCorePct: [15, 0] });
		expect(load.sample()).toEqual({ totalPct: 50, perCorePct: [75, 25] });
	});

	it('reads the real counters without a child process, within 0–100%', () => {
		const load = new CpuLoad();
		load.sample();
		const s = load.sample();
		expect(s.perCorePct.length).toBeGreaterThan(0);
		for (const v of [s.totalPct, ...s.perCorePct]) {
			expect(v).toBeGreaterThanOrEqual(0);
			expect(v).toBeLessThanOrEqual(100);
		}
	});
});
