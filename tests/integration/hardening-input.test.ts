// Hostile input costs bounded memory and time (issue 19), against the real server and Redis:
// a socket that floods joins, date spans from year 1 to 9999, numbers beyond reason, an
// incident with 200 big fields, a user key that is not UTF-8, data problems that go away
// with their cause, and long 404 paths (logged at info, truncated, not counted as errors).
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startServerProcess } from '../../scripts/lib/server-process.ts';
import { KEYS, PREFIXES, spendUserKey } from '../../src/lib/shared/contract/keys.ts';
import type { Reply } from '../../src/lib/shared/protocol/reply.ts';
import { dateInZone } from '../../src/lib/shared/time.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
	h = await startHarness(inject('redisUrl'), { ENTITY_RECONCILE_INTERVAL: '1' });
});
afterAll(async () => h?.close());
beforeEach(async () => {
	await h.reset();
});

const today = () => dateInZone(Date.now(), 'UTC');

describe('a socket that floods', () => {
	it('gets refusals for 5,000 joins sent without waiting, then is disconnected', async () => {
		const s = await h.connect();
		let ok = 0;
		const refusals = new Map<string, number>();
		let reason = '';
		s.on('disconnect', (r) => (reason = r));
		const rssBefore = process.memoryUsage().rss;
		for (let i = 0; i < 5_000; i++)
			s.emit('join', 'overview', (r: Reply<unknown>) => {
				if (r.ok) ok++;
				else refusals.set(r.code, (refusals.get(r.code) ?? 0) + 1);
			});
		await waitFor(() => reason, 10_000, 'the flooding socket to be cut');
		const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
		console.log(
			`join flood: ${ok} snapshots, refusals ${JSON.stringify(Object.fromEntries(refusals))}, RSS +${rssGrowthMb.toFixed(0)} MB`
		);
		expect(reason).toBe('io server disconnect');
		// the burst at most, one snapshot per room in flight (what was still buffered when the
		// socket was cut never left)
		expect(ok).toBeLessThanOrEqual(100);
		expect(ok + (refusals.get('too_many') ?? 0)).toBeGreaterThan(0);
		expect(rssGrowthMb).toBeLessThan(200); // 5,000 snapshots would be ~300 MB and more
		// an ordinary client is untouched
		const f = await h.follow('overview');
		expect(f.sync.view).not.toBeNull();
	});
});

describe('hostile values in daily sets', () => {
	it('keeps a per-user series to the days a page shows, and lists the absurd dates as a problem', async () => {
		for (let i = 0; i < 51; i++)
			await h.writer.zAdd(spendUserKey(`span${i}`), [
				{ value: '0001-01-01', score: 1 },
				{ value: '9999-12-31', score: 1 },
				{ value: '2020-06-01', score: 2 },
				{ value: today(), score: 3 }
			]);
		const users = h.server.realtime.store.entities.users;
		await waitFor(() => users.get('span50')?.spend, 10_000, 'the hostile users read');
		for (let i = 0; i < 51; i++) {
			const spend = users.get(`span${i}`)!.spend!;
			expect(spend.values.length).toBeLessThanOrEqual(803); // DAYS_BACK + today + 2 ahead
			expect(spend.total).toBe(5); // 2020-06-01 counts in the all-time total
		}
		const f = await h.follow('overview');
		const s = await f.until((s) => s.problems.some((p) => p.key === spendUserKey('span0')));
		expect(s.problems.find((p) => p.key === spendUserKey('span0'))!.message).toMatch(
			/2 member\(s\) dated before 1970-01-01 or more than 2 days ahead/
		);
	});

	it('refuses 1e308 as an amount, says so, and keeps every figure finite', async () => {
		const f = await h.follow('overview');
		await h.writer.zAdd(KEYS.spendTotal, [
			{ value: today(), score: 1e308 },
			{ value: '2026-01-02', score: 4 }
		]);
		await h.writer.set(KEYS.latencyMax, '1e308');
		// two writes, two notifications: they may land in different flushes, so wait for both
		const s = await f.until(
			(s) =>
				s.problems.some((p) => p.key === KEYS.spendTotal) &&
				s.problems.some((p) => p.key === KEYS.latencyMax)
		);
		expect(s.spendTotalUsd).toBe(4);
		expect(s.problems.find((p) => p.key === KEYS.spendTotal)!.message).toMatch(/amount up to/);
		expect(JSON.stringify(s)).not.toMatch(/e\+308/);
		expect(s.problems.map((p) => p.key)).toContain(KEYS.latencyMax);
		const cost = await h.follow('cost');
		expect(Number.isFinite(cost.state().mtdUsd ?? 0)).toBe(true);
	});

	it('clears a data problem when its key is valid again or deleted', async () => {
		const f = await h.follow('overview');
		const key = spendUserKey('fixme');
		await h.writer.zAdd(key, [
			{ value: 'yesterday', score: 1 },
			{ value: today(), score: 1 }
		]);
		await f.until((s) => s.problems.some((p) => p.key === key), 5_000, 'the problem listed');
		await h.writer.zRem(key, 'yesterday');
		await f.until((s) => !s.problems.some((p) => p.key === key), 5_000, 'the problem cleared');

		const big = spendUserKey('huge');
		await h.writer.zAdd(
			big,
			Array.from({ length: 6_000 }, (_, i) => ({ value: `m${i}`, score: i }))
		);
		await f.until((s) => s.problems.some((p) => p.key === big), 5_000, 'too many members');
		await h.writer.del(big);
		await f.until((s) => !s.problems.some((p) => p.key === big), 5_000, 'deleted key cleared');
	});

	it('lists a user key that is not valid UTF-8 instead of dropping its spend silently', async () => {
		const f = await h.follow('overview');
		const raw = Buffer.concat([Buffer.from(PREFIXES.spendUser), Buffer.from([0x75, 0xff, 0xfe])]);
		await h.writer.zAdd(raw, { value: today(), score: 2 });
		const s = await f.until((s) =>
			s.problems.some((p) => p.key.startsWith(`${PREFIXES.spendUser}u`))
		);
		expect(s.problems.find((p) => p.key.startsWith(`${PREFIXES.spendUser}u`))!.message).toMatch(
			/not valid UTF-8/
		);
		await h.writer.del(raw);
		await h.server.realtime.collector.reconcileEntities();
		await f.until(
			(s) => !s.problems.some((p) => p.key.startsWith(`${PREFIXES.spendUser}u`)),
			5_000,
			'the problem gone with the key'
		);
	});
});

describe('big incidents', () => {
	it('trims an incident with 200 big fields before it enters the room', async () => {
		const f = await h.follow('security');
		const fields: Record<string, string> = {};
		for (let i = 0; i < 200; i++) fields[`field_${i}`] = 'x'.repeat(30_000);
		await h.writer.lPush(
			KEYS.piiIncidents,
			JSON.stringify({ user_id: 'u', timestamp: new Date().toISOString(), ...fields })
		);
		await f.until((s) => s.total === 1);
		const size = (v: unknown) => JSON.stringify(v).length;
		expect(size(f.state().feed[0])).toBeLessThan(8_000);
		// the next incident's delta does not carry the big one again in full
		const before = f.deltas.length;
		await h.writer.lPush(
			KEYS.piiIncidents,
			JSON.stringify({ user_id: 'v', timestamp: new Date().toISOString(), action: 'logged' })
		);
		await f.until((s) => s.total === 2);
		const sent = f.deltas.slice(before).reduce((n, d) => n + size(d), 0);
		expect(sent).toBeLessThan(20_000);
	});
});

describe('long 404 paths', () => {
	// the production server as its own process: pages render through the built handler
	it('logs a 404 at info with the path truncated, and does not count it as an error', async () => {
		const server = await startServerProcess({ REDIS_URL: inject('redisUrl'), LOG_FILE: 'false' });
		try {
			const path = `/${'a.'.repeat(5_000)}`; // 10 KB of the shape the old e-mail pattern was quadratic on
			for (let i = 0; i < 5; i++) {
				const r = await fetch(`${server.url}${path}`);
				const body = await r.text();
				expect(r.status).toBe(404);
				expect(body).not.toMatch(/at .*\.(ts|js):\d+/);
			}
			await waitFor(
				() => server.logs.filter((l) => l.includes('"msg":"not found"')).length >= 5,
				5_000,
				'five 404 log lines'
			);
			const lines = server.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
			const notFound = lines.filter((l) => l.msg === 'not found');
			expect(notFound.every((l) => l.level === 30)).toBe(true); // info
			expect(notFound.every((l) => String(l.path).length <= 210)).toBe(true);
			expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]); // no error lines
		} finally {
			await server.stop();
		}
	});
});
