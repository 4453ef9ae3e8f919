// History's arithmetic without Redis: the latency sketch's 2% bound on known distributions
// (and merges equal to one sketch of everything), the tiers' buckets and steps in zones with
// quarter-hour offsets and on DST days, the planner's choice of tier, and coverage intervals.
import { describe, expect, it } from 'vitest';
import { applyTip, RereadTips } from '../../src/lib/client/history.svelte.ts';
import { Coverage } from '../../src/lib/server/history/coverage.ts';
import { formatChange } from '../../src/lib/shared/format.ts';
import { rangeOf } from '../../src/lib/shared/protocol/history.ts';
import { LatencySketch, RELATIVE_ACCURACY } from '../../src/lib/server/history/sketch.ts';
import {
	bucketOf,
	makeTiers,
	nextBucket,
	parseRetention,
	plan,
	stepKey,
	stepsOf
} from '../../src/lib/server/history/tiers.ts';
import { dateInZone, localTime, startOfDay } from '../../src/lib/shared/time.ts';

const H = 3_600_000;
const D = 24 * H;
const tiers = makeTiers();
const hour = tiers.find((t) => t.name === '1h')!;

/** a deterministic generator (no Math.random in tests: a failure must reproduce) */
function lcg(seed: number) {
	let s = seed >>> 0;
	return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function exactQuantile(sorted: number[], q: number): number {
	// DDSketch's rank convention: the value at rank floor(q * (n - 1))
	return sorted[Math.floor(q * (sorted.length - 1))]!;
}

describe('latency sketch', () => {
	const cases: [string, (r: () => number) => number][] = [
		['uniform 50–2,000 ms', (r) => 50 + r() * 1950],
		[
			'log-normal around 300 ms',
			(r) =>
				Math.exp(
					Math.log(300) + 0.8 * Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r())
				)
		],
		[
			'bimodal: cache hits at 5 ms, misses at 1.2 s',
			(r) => (r() < 0.45 ? 4 + r() * 2 : 900 + r() * 600)
		]
	];
	for (const [name, draw] of cases)
		it(`keeps p50/p95/p99 within 2% for ${name}, merged from 60 buckets`, () => {
			const r = lcg(name.length * 7919);
			const all: number[] = [];
			const buckets = Array.from({ length: 60 }, () => new LatencySketch());
			for (let i = 0; i < 60_000; i++) {
				const v = draw(r);
				all.push(v);
				buckets[i % 60]!.add(v);
			}
			all.sort((a, b) => a - b);
			const merged = new LatencySketch();
			// through the stored form, as the reader sees them
			for (const b of buckets) merged.merge(LatencySketch.decode(b.encode()));
			expect(merged.count).toBe(60_000);
			for (const q of [0.5, 0.95, 0.99]) {
				const want = exactQuantile(all, q);
				const got = merged.quantile(q)!;
				expect(Math.abs(got - want) / want, `q=${q}`).toBeLessThanOrEqual(RELATIVE_ACCURACY);
			}
		});

	it('is not an average of percentiles: one slow bucket moves the merged p99', () => {
		const fast = new LatencySketch();
		const slow = new LatencySketch();
		for (let i = 0; i < 990; i++) fast.add(100);
		for (let i = 0; i < 10; i++) slow.add(5_000);
		fast.merge(slow);
		// the mean of the two buckets' p99s would be 2,550 ms; the real p99 of 1,000 values is 100 ms
		expect(fast.quantile(0.99)!).toBeCloseTo(100, -1);
		expect(fast.quantile(0.995)!).toBeGreaterThan(4_800);
	});

	it('reads what it can of a hand-edited record and answers null when empty', () => {
		expect(new LatencySketch().quantile(0.5)).toBeNull();
		const s = new LatencySketch();
		for (const v of [0.2, 0.5, 3, 3, 40, 900, 12_000]) s.add(v);
		const back = LatencySketch.decode(s.encode());
		expect(back.bins).toEqual(s.bins); // keys below 1 ms are negative: they survive too
		const cut = LatencySketch.decode(s.encode().slice(0, -3));
		expect(cut.count).toBeLessThan(7);
		expect(LatencySketch.decode('2;@@not base64@@').zero).toBe(2);
		expect(LatencySketch.decode('x;').count).toBe(0);
	});
});

describe('tiers', () => {
	it('puts hour buckets on local hours at +5:45 and day steps on local midnights', () => {
		const zone = 'Asia/Kathmandu';
		const t = Date.parse('2026-11-30T10:20:00Z'); // 16:05 local
		const b = bucketOf(t, hour, zone);
		expect(new Date(b).toISOString()).toBe('2026-11-30T10:15:00.000Z'); // 16:00 local
		expect(localTime(b, zone)).toMatchObject({ hour: 16, minute: 0 });
		expect(stepKey(b, hour, D, zone)).toBe(startOfDay('2026-11-30', zone));
		// 6-hour steps start at 00, 06, 12, 18 local
		expect(localTime(stepKey(b, hour, 6 * H, zone), zone).hour).toBe(12);
		// 10 s, 1 min and 5 min buckets divide every local quarter hour
		for (const tier of tiers.filter((x) => x.name !== '1h'))
			expect((b - bucketOf(b, tier, zone)) % tier.ms).toBe(0);
	});

	it('has 23 and 25 hour buckets on the DST days of New York and Berlin', () => {
		for (const [zone, date, hours] of [
			['America/New_York', '2026-03-08', 23],
			['America/New_York', '2026-11-01', 25],
			['Europe/Berlin', '2026-03-29', 23],
			['Europe/Berlin', '2026-10-25', 25]
		] as const) {
			const start = startOfDay(date, zone);
			let n = 0;
			for (let b = start; dateInZone(b, zone) === date; b = nextBucket(b, hour, zone)) {
				expect(stepKey(b, hour, D, zone), `${zone} ${date}`).toBe(start);
				n++;
			}
			expect(n, `${zone} ${date}`).toBe(hours);
		}
	});

	it('groups hours into steps in one walk exactly as stepKey does, bucket by bucket', () => {
		for (const zone of [
			'UTC',
			'Asia/Kathmandu',
			'Asia/Kolkata',
			'America/New_York',
			'Europe/Berlin'
		])
			for (const step of [H, 2 * H, 3 * H, 6 * H, 12 * H, D, 2 * D, 7 * D]) {
				// 40 days across the autumn DST change of both hemispheres' zones above
				const from = Date.parse('2026-10-10T07:20:00Z');
				const to = from + 40 * D;
				const { steps, stepOf } = stepsOf(hour, step, from, to, zone);
				for (const [b, k] of stepOf!)
					expect(k, `${zone} ${step / H} h at ${b}`).toBe(stepKey(b, hour, step, zone));
				expect(new Set(stepOf!.values()).size).toBe(steps.length);
			}
	});

	it('plans the finest tier that holds the range, and the hour tier for per-model series', () => {
		const now = Date.parse('2026-12-01T12:00:00Z');
		expect(plan(tiers, now - 15 * 60_000, now, now, 1000)).toMatchObject({ stepMs: 10_000 });
		expect(plan(tiers, now - 15 * 60_000, now, now, 1000).tier.name).toBe('10s');
		// a day in at most 1,000 points: 2-minute steps of the 1-minute tier (720 points)
		expect(plan(tiers, now - D, now, now, 1000)).toMatchObject({ stepMs: 2 * 60_000 });
		expect(plan(tiers, now - D, now, now, 1000).tier.name).toBe('1m');
		// 30 days: 1-hour steps, from the hour tier
		expect(plan(tiers, now - 30 * D, now, now, 1000).tier.name).toBe('1h');
		expect(plan(tiers, now - 90 * D, now, now, 1000).tier.name).toBe('1h');
		expect(plan(tiers, now - D, now, now, 1000, { bySeries: true }).tier.name).toBe('1h');
		// steps of hours come from the zone-local hour tier, whatever tier is finer
		expect(plan(tiers, now - 5 * H, now, now, 1000, { step: H }).tier.name).toBe('1h');
		for (const r of [15 * 60_000, H, 6 * H, D, 7 * D, 30 * D, 90 * D, 400 * D]) {
			const p = plan(tiers, now - r, now, now, 1000);
			expect(Math.ceil(r / p.stepMs), `range ${r}`).toBeLessThanOrEqual(1000);
		}
	});

	it('parses HISTORY_RETENTION and names a bad entry', () => {
		expect(parseRetention('1h=90d, 10s=1h')).toEqual({ '1h': 90 * D, '10s': H });
		expect(() => parseRetention('1h=90')).toThrow(/"1h=90" is not tier=duration/);
		expect(() => parseRetention('10s=1m')).toThrow(/10s retention must be between/);
	});
});

describe('coverage', () => {
	it('merges touching intervals and answers whether a step was observed', () => {
		const c = new Coverage().add(0, 10).add(10, 20).add(30, 40);
		expect(c.intervals).toEqual([
			[0, 20],
			[30, 40]
		]);
		expect(c.touches(20, 30)).toBe(false);
		expect(c.touches(15, 25)).toBe(true);
		expect(Coverage.decode('not json').intervals).toEqual([]);
		expect(Coverage.decode(c.encode()).intervals).toEqual(c.intervals);
		expect(c.add(50, 60, 35).intervals[0]![0]).toBe(30); // older than the retention: dropped
	});
});

describe('ranges, tips and changes in the browser', () => {
	it('reads the range from the URL, and anything unreadable is Live', () => {
		const now = 1_000 * D;
		const q = (s: string) => rangeOf(new URLSearchParams(s), now);
		expect(q('range=24h')).toEqual({ key: '24h', from: now - D, to: now, endsNow: true });
		expect(q('range=nope').key).toBe('live');
		expect(q(`range=24h&from=${now - 2 * H}&to=${now - H}`)).toEqual({
			key: 'custom',
			from: now - 2 * H,
			to: now - H,
			endsNow: false
		});
		expect(q(`from=${now - H}&to=${now - 2 * H}`).key).toBe('live'); // to before from
		expect(q(`from=0&to=${500 * D}`).key).toBe('live'); // more than 400 days
	});

	it('replaces the steps a tip carries and slides the range for newer ones', () => {
		const pts: [number, number | null][] = [
			[0, 1],
			[10, null],
			[20, 3]
		];
		expect(applyTip(pts, [[20, 5]])).toEqual([
			[0, 1],
			[10, null],
			[20, 5]
		]);
		expect(
			applyTip(pts, [
				[-10, 9], // older than the chart: ignored
				[10, 0],
				[20, 4],
				[30, 1]
			])
		).toEqual([
			[10, 0],
			[20, 4],
			[30, 1]
		]);
	});

	it('keeps the tips that arrive while an answer is re-read (a catch-up after a restart)', () => {
		const stale = {
			metric: 'requests' as const,
			step_ms: 10,
			from: 0,
			to: 30,
			tier: '10s' as const,
			points: [
				[0, 0],
				[10, 0],
				[20, 0]
			] as [number, number | null][],
			summary: 0
		};
		const rereads = new RereadTips();
		rereads.begin('requests');
		// the catch-up's tip (every step of the range) and a later one (the newest step), both
		// before the re-read's answer, which Redis gave before the catch-up committed
		rereads.note('requests', [
			[0, 30],
			[10, 0],
			[20, 12]
		]);
		rereads.note('requests', [[20, 13]]);
		const settled = rereads.end('requests', stale);
		expect(settled.points).toEqual([
			[0, 30],
			[10, 0],
			[20, 13]
		]);
		expect(settled.summary).toBe(43);
		// a tip outside a re-read is not kept: the next re-read starts clean
		rereads.note('requests', [[0, 99]]);
		rereads.begin('requests');
		expect(rereads.end('requests', stale).summary).toBe(0);
	});

	it('words the change against the previous period', () => {
		expect(formatChange(112, 100)).toBe('▲ 12%');
		expect(formatChange(96.6, 100)).toBe('▼ 3.4%');
		expect(formatChange(5, 0)).toBe('new');
		expect(formatChange(0, 0)).toBe('no change');
		expect(formatChange(5, null)).toBe('—');
	});
});
