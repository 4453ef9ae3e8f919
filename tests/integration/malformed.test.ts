import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { dateInZone } from '../../src/lib/shared/time.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;

beforeAll(async () => {
	h = await startHarness(inject('redisUrl'));
});
afterAll(async () => h?.close());
beforeEach(async () => {
	await h.writer.flushAll();
	h.server.realtime.store.problems.clear();
	await h.server.realtime.collector.reconcile(false);
});

describe('malformed records in Redis', () => {
	it('names a non-number counter as a problem, shows no number for it, and keeps the good ones', async () => {
		const f = await h.follow('overview');
		await h.writer.set(KEYS.cacheHits, '10');
		await h.writer.set(KEYS.requestsTotal, 'lots');
		let s = await f.until(
			(s) => s.problems.some((p) => p.key === KEYS.requestsTotal) && s.cacheHits === 10
		);
		expect(s.requestsTotal).toBeNull();
		expect(s.hitRate).toBeNull(); // never a rate over a number we do not have
		expect(s.problems.find((p) => p.key === KEYS.requestsTotal)!.message).toMatch(
			/not a non-negative integer: "lots"/
		);
		// the server keeps going, and the figure comes back when the value is fixed
		await h.writer.set(KEYS.requestsTotal, '40');
		s = await f.until((s) => s.requestsTotal === 40);
		expect(s.hitRate).toBe(0.25);
		expect(s.problems.some((p) => p.key === KEYS.requestsTotal)).toBe(false);
	});

	it('reports a key of the wrong Redis type instead of crashing', async () => {
		const f = await h.follow('overview');
		await h.writer.set(KEYS.spendTotal, 'not a zset');
		await h.writer.set(KEYS.requestsTotal, '3');
		const s = await f.until(
			(s) => s.requestsTotal === 3 && s.problems.some((p) => p.key === KEYS.spendTotal)
		);
		expect(s.problems.find((p) => p.key === KEYS.spendTotal)!.message).toMatch(/WRONGTYPE/);
		expect(s.spendTotalUsd).toBeNull();
	});

	it('skips and counts malformed events and bad spend members, and every good one still counts', async () => {
		const f = await h.follow('overview');
		const good = { model: 'm', user: 'u', outcome: 'exact', latency_ms: '5' };
		await h.writer.xAdd(KEYS.events, '*', good);
		await h.writer.xAdd(KEYS.events, '*', { model: 'm', outcome: 'exact', latency_ms: 'NaN' });
		await h.writer.xAdd(KEYS.events, '*', { junk: '\u0000\u00ff'.repeat(1000) });
		await h.writer.xAdd(KEYS.events, '*', { ...good, latency_ms: '-3' });
		await h.writer.xAdd(KEYS.events, '*', good);
		const date = dateInZone(Date.now(), 'UTC');
		await h.writer.zAdd(KEYS.spendTotal, [
			{ value: date, score: 2 },
			{ value: 'yesterday', score: 5 },
			{ value: '2024-02-30', score: 5 }
		]);
		await h.writer.rPush(KEYS.piiIncidents, [
			'{not json',
			JSON.stringify({ user_id: 1, entity: 'EMAIL' })
		]);
		const s = await f.until(
			(s) =>
				s.latency?.source === 'events' &&
				s.latency.samples === 2 &&
				s.spendTotalUsd === 2 &&
				s.piiIncidents === 2
		);
		const events = s.problems.find((p) => p.key === KEYS.events)!;
		expect(events.count).toBe(3);
		expect(events.message.length).toBeLessThan(200); // huge binary values are not echoed
		expect(s.problems.find((p) => p.key === KEYS.spendTotal)!.message).toMatch(/2 member/);
		expect(s.spendTodayUsd).toBe(2);
	});
});

describe('hostile data at volume', () => {
	it('skips and counts 10,000 malformed records of every shape and still counts every good one', async () => {
		const f = await h.follow('overview');
		const s = await h.follow('security');
		const junk = [
			(i: number) => ({ outcome: 'maybe', latency_ms: String(i) }),
			(i: number) => ({ outcome: 'miss', latency_ms: '-' + i }),
			() => ({ outcome: 'exact', latency_ms: 'NaN' }),
			(i: number) => ({ outcome: 'miss', latency_ms: 'x'.repeat(10_000 + i) }),
			(i: number) => ({ outcome: 'semantic', latency_ms: '5', similarity: String(2 + i) }),
			() => ({ unknown: '\u0000\u0001\u00ff' })
		];
		let good = 0;
		for (let b = 0; b < 10; b++) {
			const m = h.writer.multi();
			for (let i = 0; i < 1000; i++) m.xAdd(KEYS.events, '*', junk[i % junk.length]!(i));
			for (let i = 0; i < 10; i++, good++)
				m.xAdd(KEYS.events, '*', { model: 'm', user: 'u', outcome: 'miss', latency_ms: '7' });
			await m.exec();
		}
		const incidents = [
			'{',
			'[]',
			'null',
			'"text"',
			'1e999',
			'x'.repeat(100_000),
			JSON.stringify({ user_id: 'ok', timestamp: new Date().toISOString() })
		];
		await h.writer.rPush(KEYS.piiIncidents, incidents);
		await h.writer.set(KEYS.requestsTotal, String(good));
		const st = await f.until(
			(x) =>
				x.latency?.source === 'events' && x.latency.samples === good && x.requestsTotal === good,
			10_000,
			'good events counted'
		);
		expect(st.problems.find((p) => p.key === KEYS.events)!.count).toBe(10_000);
		expect(st.latency).toMatchObject({ p50Ms: 7, p99Ms: 7 });
		const sec = await s.until((x) => x.total === 1 && x.malformed === 6, 5_000, 'incidents');
		expect(sec.feed[0]!.userId).toBe('ok');
		expect(h.server.http.listening).toBe(true);
	});
});
