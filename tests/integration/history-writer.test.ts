// The rollup writer and reader on a real Redis, without a server: every request counted once
// (across a lease handover mid-stream and two writers that both believe they lead), a trimmed
// stream leaves the rollups intact, a trim while no writer ran is a gap, and counter-only
// gateways get gaps where no dashboard sampled them. Clocks are injected; stream ids are
// written explicitly so every bucket's expected figure is known.
import pino from 'pino';
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { HistoryReader } from '../../src/lib/server/history/reader.ts';
import { makeTiers } from '../../src/lib/server/history/tiers.ts';
import { HistoryWriter, PAGE } from '../../src/lib/server/history/writer.ts';
import type { SystemSource } from '../../src/lib/server/history/sources.ts';
import { Store } from '../../src/lib/server/pipeline/store.ts';
import type { RedisClient } from '../../src/lib/server/redis/client.ts';
import type { Lease } from '../../src/lib/server/redis/lease.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import type { HistoryMetric } from '../../src/lib/shared/protocol/history.ts';

const url = `${inject('redisUrl')}/7`;
const client = createClient({ url }) as unknown as RedisClient;
const log = pino({ level: 'silent' });
const noSystem: SystemSource = { sample: async () => [], close: () => {} };
const tiers = makeTiers();
const M = 60_000;
const H = 60 * M;

function writer(
	opts: {
		leader?: { isLeader: boolean };
		store?: Store;
		now?: () => number;
		via?: RedisClient;
	} = {}
) {
	const lease = (opts.leader ?? { isLeader: true }) as Lease;
	return new HistoryWriter({
		client: opts.via ?? client,
		isConnected: () => true,
		lease,
		store: opts.store ?? new Store(),
		tiers,
		zone: 'UTC',
		clock: { now: opts.now ?? (() => Date.now()) },
		log,
		system: noSystem
	});
}
const reader = new HistoryReader({ client, tiers, zone: 'UTC', maxPoints: 1000 });

async function sum(metric: HistoryMetric, from: number, to: number, extra = {}) {
	const a = await reader.query({ metric, from, to, ...extra }, Date.now());
	return {
		answer: a,
		total: a.points.reduce((s, [, v]) => s + (v ?? 0), 0),
		nulls: a.points.filter(([, v]) => v === null).length
	};
}

/** XADD with an explicit id at time t (ms) */
async function add(t: number, seq: number, fields: Record<string, string> = {}) {
	await client.xAdd(KEYS.events, `${t}-${seq}`, {
		model: 'gpt-4o',
		outcome: seq % 3 === 0 ? 'exact' : seq % 3 === 1 ? 'semantic' : 'miss',
		latency_ms: String(100 + (seq % 50)),
		cost_usd: '0.001',
		...fields
	});
}

async function drain(w: HistoryWriter, rounds = 50) {
	for (let i = 0; i < rounds; i++) if (!(await w.round())) return;
}

beforeAll(async () => {
	await (client as unknown as ReturnType<typeof createClient>).connect();
});
beforeEach(async () => {
	await client.flushDb();
});
afterAll(async () => {
	await client.flushDb();
	await (client as unknown as ReturnType<typeof createClient>).close();
});

describe('history writer (helix:events)', () => {
	it('counts every entry once, 0 where the stream covers no request, null before it', async () => {
		const t0 = Math.floor((Date.now() - 3 * H) / H) * H; // whole hour, 3 h ago
		// 10 requests in minute 5, none in minute 6, 7 in minute 7
		for (let i = 0; i < 10; i++) await add(t0 + 5 * M + i * 1000, i);
		for (let i = 0; i < 7; i++) await add(t0 + 7 * M + i * 1000, i);
		await drain(writer());
		const { answer, total } = await sum('requests', t0, t0 + 10 * M, { step: M });
		expect(answer.tier).toBe('1m');
		expect(total).toBe(17);
		const v = new Map(answer.points);
		expect(v.get(t0 + 4 * M)).toBeNull(); // before the stream's first entry: nobody observed
		expect(v.get(t0 + 5 * M)).toBe(10);
		expect(v.get(t0 + 6 * M)).toBe(0); // covered, no request
		expect(v.get(t0 + 7 * M)).toBe(7);
		expect(v.get(t0 + 9 * M)).toBe(0); // the stream (and the writer) covered it up to now
		const hits = await sum('hits_exact', t0, t0 + 10 * M, { step: M });
		expect(hits.total).toBe(4 + 3); // seq 0,3,6,9 and 0,3,6
		const model = await sum('requests', t0, t0 + 2 * H, { model: 'gpt-4o' });
		expect(model.answer.tier).toBe('1h');
		expect(model.total).toBe(17);
	});

	it('one round reads its entries page by page (PAGE each), all of them, from the first', async () => {
		const t0 = Math.floor((Date.now() - 3 * H) / H) * H;
		// 1,000 entries in minute 5 and 1 in minute 8: four pages and a bit, one round
		const m = client.multi();
		for (let i = 0; i < 1_000; i++)
			m.xAdd(KEYS.events, `${t0 + 5 * M + i * 10}-0`, {
				model: 'gpt-4o',
				outcome: 'miss',
				latency_ms: '100'
			});
		m.xAdd(KEYS.events, `${t0 + 8 * M}-0`, { model: 'gpt-4o', outcome: 'miss', latency_ms: '100' });
		await m.exec();
		const w = writer();
		expect(1_001).toBeGreaterThan(4 * PAGE);
		await w.round();
		expect(w.stats.events).toBe(1_001);
		const v = new Map((await sum('requests', t0, t0 + 10 * M, { step: M })).answer.points);
		expect(v.get(t0 + 4 * M)).toBeNull(); // coverage starts at the first page's first entry
		expect(v.get(t0 + 5 * M)).toBe(1_000);
		expect(v.get(t0 + 6 * M)).toBe(0);
		expect(v.get(t0 + 8 * M)).toBe(1);
	});

	it('keeps errors, error rate, TTFT p95 and tokens per second from the optional fields', async () => {
		const t0 = Math.floor((Date.now() - 3 * H) / H) * H;
		// minute 5: 20 requests with a status, 4 of them errors, TTFT 100..1,000 ms on ten,
		// 30 tokens each; minute 7: 5 requests without the optional fields
		for (let i = 0; i < 20; i++)
			await add(t0 + 5 * M + i * 1000, i, {
				status: i % 5 === 0 ? 'error' : 'ok',
				...(i < 10 ? { ttft_ms: String((i + 1) * 100) } : {}),
				tokens_in: '10',
				tokens_out: '20'
			});
		for (let i = 0; i < 5; i++) await add(t0 + 7 * M + i * 1000, 20 + i);
		await drain(writer());
		const at = async (metric: HistoryMetric) =>
			new Map((await sum(metric, t0, t0 + 10 * M, { step: M })).answer.points);
		const errors = await at('errors');
		expect(errors.get(t0 + 5 * M)).toBe(4);
		expect(errors.get(t0 + 7 * M)).toBeNull(); // nobody said a status: unknown, not 0
		expect((await at('error_rate')).get(t0 + 5 * M)).toBe(0.2);
		const ttft = (await at('ttft_p95_ms')).get(t0 + 5 * M)!;
		expect(Math.abs(ttft - 900) / 900).toBeLessThanOrEqual(0.02); // rank 0.95 × 9 → 900 ms
		expect((await at('ttft_p95_ms')).get(t0 + 7 * M)).toBeNull();
		const tps = await at('tokens_per_s');
		expect(tps.get(t0 + 5 * M)).toBe(600 / 60);
		expect(tps.get(t0 + 6 * M)).toBe(0); // observed, no tokens
		const whole = await reader.query(
			{ metric: 'error_rate', from: t0, to: t0 + 10 * M },
			Date.now()
		);
		expect(whole.summary).toBe(0.2); // 4 of the 20 that said, the 5 silent ones left out
	});

	it('a lease handover mid-stream, and two writers that both believe they lead, count each entry once', async () => {
		const start = Date.now() - 30 * M;
		const a = { isLeader: true };
		const b = { isLeader: false };
		const wa = writer({ leader: a });
		const wb = writer({ leader: b });
		let n = 0;
		const produce = async (count: number) => {
			for (let i = 0; i < count; i++, n++) await add(start + n * 10, 0);
		};
		await produce(3000);
		await wa.round(); // a consumes part of it
		await produce(3000);
		a.isLeader = false; // the lease moves while entries keep arriving
		b.isLeader = true;
		await Promise.all([wb.round(), produce(2000)]);
		a.isLeader = true; // a stale leader that has not noticed yet, racing b
		for (let i = 0; i < 8; i++) await Promise.all([wa.round(), wb.round(), produce(500)]);
		a.isLeader = false;
		await drain(wb);
		const xlen = await client.xLen(KEYS.events);
		expect(xlen).toBe(12_000);
		const { total } = await sum('requests', start - M, Date.now() + M, { step: M });
		expect(total).toBe(xlen);
		expect(wa.stats.conflicts + wb.stats.conflicts).toBeGreaterThan(0);
	});

	it("a writer whose round straddles another writer's commit commits nothing", async () => {
		const start = Date.now() - 20 * M;
		for (let i = 0; i < 100; i++) await add(start + i, 0);
		// a's reads of the stored buckets wait until b has committed the same entries
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const slow = new Proxy(client, {
			get(target, prop, recv) {
				const v = Reflect.get(target, prop, recv) as unknown;
				if (prop === 'hmGet')
					return async (...args: unknown[]) => {
						await gate;
						return (v as (...a: unknown[]) => unknown).apply(target, args);
					};
				return typeof v === 'function' ? (v as () => unknown).bind(target) : v;
			}
		});
		const wa = writer({ via: slow as RedisClient });
		const wb = writer();
		const a = wa.round();
		await new Promise((r) => setTimeout(r, 50)); // a has read the state and the entries
		expect(await wb.round()).toBe(true);
		release();
		expect(await a).toBe(false);
		expect(wa.stats.conflicts).toBe(1);
		await drain(wa);
		const { total } = await sum('requests', start - M, Date.now() + M, { step: M });
		expect(total).toBe(100);
	});

	it('a trimmed stream leaves the rollups intact; entries trimmed while no writer ran are a gap', async () => {
		const t0 = Math.floor((Date.now() - 4 * H) / H) * H;
		for (let i = 0; i < 50; i++) await add(t0 + 2 * M + i * 100, 0);
		const w = writer();
		await drain(w);
		const before = await sum('requests', t0, t0 + 3 * H, { step: M });
		expect(before.total).toBe(50);
		await client.xTrim(KEYS.events, 'MAXLEN', 0);
		await drain(w);
		const after = await sum('requests', t0, t0 + 3 * H, { step: M });
		expect(after.answer.points).toEqual(before.answer.points);

		// the writer is down; 60 entries arrive (ids in the next hours: later than anything
		// the writer has seen), and all but the last 10 are trimmed before it is back
		const t1 = Math.ceil((Date.now() + H) / H) * H;
		for (let i = 0; i < 60; i++) await add(t1 + i * M, 0);
		await client.xTrim(KEYS.events, 'MAXLEN', 10);
		await drain(writer());
		const gap = await sum('requests', t0, t1 + H, { step: M });
		const v = new Map(gap.answer.points);
		expect(gap.total).toBe(60); // 50 before, the 10 the stream still had
		expect(v.get(t0 + 2 * M)).toBe(50);
		expect(v.get(t1 + 30 * M)).toBeNull(); // trimmed before anyone read it: unknown, not 0
		expect(v.get(t1 + 55 * M)).toBe(1);
	});
});

describe('history writer (PII incidents)', () => {
	it('counts each incident once, across rounds and re-read lists', async () => {
		const store = new Store();
		const w = writer({ store });
		const t = Date.now() - 30 * 60_000;
		const set = (ids: string[]) =>
			(store.incidents = {
				incidents: ids.map((id, i) => ({ id, ts: t + i * 1000 })),
				malformed: 0,
				lastError: null
			} as unknown as NonNullable<Store['incidents']>);
		await add(t - 60_000, 0); // the stream covers the time (incidents alone observe no time)
		set(['a']);
		await drain(w);
		await drain(w);
		set(['a', 'b']); // the list read again, with one more
		await drain(w);
		const { total } = await sum('pii_incidents', t - H, Date.now() + 60_000);
		expect(total).toBe(2);
	});
});

describe('history writer (counter-only gateways)', () => {
	it('records counter increases per bucket and leaves unsampled time as a gap', async () => {
		let now = Math.floor((Date.now() - 2 * H) / H) * H;
		const store = new Store();
		const w = writer({ store, now: () => now });
		const set = (req: number, hits: number) => {
			store.counters.set(KEYS.requestsTotal, req);
			store.counters.set(KEYS.cacheHits, hits);
		};
		const t0 = now;
		set(100, 40);
		await w.round(); // the baseline
		for (let i = 1; i <= 6; i++) {
			now = t0 + i * 10_000;
			set(100 + i * 5, 40 + i * 2);
			await w.round();
		}
		// the dashboard is down for 20 minutes while the gateway keeps counting
		now = t0 + 21 * M;
		set(500, 100);
		await w.round(); // too late after the last sample: a new baseline, not a 375-request bucket
		now += 10_000;
		set(510, 104);
		await w.round();
		const { answer, total } = await sum('requests', t0, t0 + 30 * M, { step: M });
		expect(total).toBe(30 + 10);
		const v = new Map(answer.points);
		expect(v.get(t0)).toBe(30); // the increases sampled at 10..60 s happened in minute 0
		expect(v.get(t0 + 10 * M)).toBeNull(); // nobody sampled
		expect(v.get(t0 + 21 * M)).toBe(10);
		const rate = new Map((await sum('hit_rate', t0, t0 + 30 * M, { step: M })).answer.points);
		expect(rate.get(t0)).toBeCloseTo(12 / 30, 12);
		expect(rate.get(t0 + 10 * M)).toBeNull();
	});
});
