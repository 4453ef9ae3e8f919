import { describe, expect, it } from 'vitest';
import { diff, RoomPublisher } from '../../src/lib/server/rooms/publisher.ts';
import { LatencyWindow, Store } from '../../src/lib/server/pipeline/store.ts';
import { OverviewTopic } from '../../src/lib/server/rooms/topics/overview.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import type { Delta } from '../../src/lib/shared/protocol/rooms.ts';

describe('LatencyWindow', () => {
	it('gives nearest-rank percentiles and forgets samples older than the window', () => {
		const w = new LatencyWindow(60_000, 1000);
		for (let i = 1; i <= 200; i++) w.push({ ts: i <= 100 ? 0 : 50_000, latencyMs: i });
		expect(w.percentile(50)).toBe(100);
		expect(w.percentile(99)).toBe(198);
		expect(w.expire(70_000)).toBe(true);
		expect(w.size).toBe(100);
		expect(w.percentile(50)).toBe(150);
	});

	it('keeps at most `cap` samples', () => {
		const w = new LatencyWindow(60_000, 10);
		for (let i = 0; i < 25; i++) w.push({ ts: 0, latencyMs: i });
		expect(w.size).toBe(10);
		expect(w.percentile(100)).toBe(24);
	});
});

describe('OverviewTopic', () => {
	it("derives 'today' in the configured zone and spend for that date only", () => {
		const store = new Store();
		store.daily.set(
			KEYS.spendTotal,
			new Map([
				['2026-02-01', 3],
				['2026-01-31', 5]
			])
		);
		const t = Date.parse('2026-01-31T23:30:00Z');
		expect(new OverviewTopic('UTC').derive(store, t)).toMatchObject({
			today: '2026-01-31',
			spendTodayUsd: 5,
			spendTotalUsd: 8
		});
		expect(new OverviewTopic('+01:00').derive(store, t)).toMatchObject({
			today: '2026-02-01',
			spendTodayUsd: 3
		});
	});

	it('turns counter samples into per-interval rates, and a counter reset into a gap', () => {
		const store = new Store();
		const topic = new OverviewTopic('UTC');
		const set = (total: number, hits: number, spend: number) => {
			store.counters.set(KEYS.requestsTotal, total);
			store.counters.set(KEYS.cacheHits, hits);
			store.daily.set(KEYS.spendTotal, new Map([['2026-01-01', spend]]));
		};
		set(100, 50, 1);
		expect(topic.sample(store, 0)).toEqual({
			t: 0,
			reqPerS: null,
			hitRate: null,
			spendPerMin: null
		});
		set(300, 150, 3);
		expect(topic.sample(store, 2000)).toEqual({
			t: 2000,
			reqPerS: 100,
			hitRate: 0.5,
			spendPerMin: 60
		});
		set(10, 0, 3); // Redis flushed: not a negative rate
		expect(topic.sample(store, 3000)).toMatchObject({
			reqPerS: null,
			hitRate: null,
			spendPerMin: 0
		});
	});
});

describe('RoomPublisher', () => {
	it('emits only changed fields, with consecutive seq, and nothing when nothing changed', () => {
		const store = new Store();
		const out: Delta[] = [];
		const pub = new RoomPublisher(
			new OverviewTopic('UTC'),
			(d) => out.push(d),
			5,
			store,
			() => 0
		);
		pub.refresh(store, 1);
		expect(out).toHaveLength(0);
		store.counters.set(KEYS.requestsTotal, 5);
		pub.refresh(store, 2);
		store.counters.set(KEYS.requestsTotal, 6);
		pub.refresh(store, 3);
		expect(out.map((d) => [d.seq, d.changes])).toEqual([
			[1, { requestsTotal: 5 }],
			[2, { requestsTotal: 6 }]
		]);
		expect(pub.snapshot().seq).toBe(2);
	});

	it('waits in proportion to what a heavy derive costs (at most 1/costFactor of the loop)', () => {
		const store = new Store();
		let mono = 0;
		let derives = 0;
		// a derive that takes 100 ms of the (injected) monotonic clock, and always changes
		const topic = {
			room: 'users' as const,
			derive: () => {
				mono += 100;
				return { n: ++derives } as never;
			}
		};
		const make = (costFactor: number) =>
			new RoomPublisher(
				topic as never,
				() => {},
				5,
				store,
				() => 0,
				{
					minIntervalMs: 250,
					costFactor,
					monotonic: () => mono
				}
			);
		const pub = make(4);
		const start = derives;
		mono = 1_000;
		pub.refresh(store, 1); // derives: 100 ms, so the next waits 400 ms
		expect(pub.minInterval).toBe(400);
		mono = 1_000 + 300;
		pub.refresh(store, 2); // 300 ms later: not yet (a trailing refresh is scheduled)
		expect(derives - start).toBe(1);
		mono = 1_000 + 401;
		pub.refresh(store, 3);
		expect(derives - start).toBe(2);
		pub.close();
		// without the factor only the fixed 250 ms holds
		const flat = make(0);
		const s2 = derives;
		mono = 5_000;
		flat.refresh(store, 1);
		mono = 5_000 + 300;
		flat.refresh(store, 2);
		expect(derives - s2).toBe(2);
		flat.close();
	});

	it('diffs nested values by content', () => {
		expect(diff({ a: { x: 1 }, b: 1 }, { a: { x: 1 }, b: 2 })).toEqual({ b: 2 });
	});
});
