// Cost Analysis and User Management rooms against a real Redis: figures from the recorder's
// writes, budgets and groups validated, persisted and surviving a restart, budget events.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { recordRequest } from '../../src/lib/recorder/recorder.ts';
import { KEYS, spendModelKey, spendUserKey } from '../../src/lib/shared/contract/keys.ts';
import type { BudgetEvent } from '../../src/lib/shared/protocol/events.ts';
import { dateInZone } from '../../src/lib/shared/time.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

let h: Harness;
const today = () => dateInZone(Date.now(), 'UTC');
const daysAgo = (n: number) => dateInZone(Date.now() - n * 86_400_000, 'UTC');

beforeAll(async () => {
	h = await startHarness(inject('redisUrl'));
});
afterAll(async () => h?.close());
beforeEach(async () => {
	await h.writer.flushAll();
	await h.server.realtime.cost.load();
	await h.server.realtime.collector.reconcile(false);
	await h.server.realtime.collector.reconcileEntities();
});

const api = async (method: string, path: string, body?: unknown) => {
	const res = await fetch(`${h.baseUrl}${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	return { status: res.status, body: await res.json() };
};

describe('Cost Analysis room', () => {
	it('breaks spend down per model, user and team from the recorder, live', async () => {
		const f = await h.follow('cost');
		await recordRequest(h.writer, {
			model: 'gpt-4o',
			user: 'alice',
			team: 'search',
			outcome: 'miss',
			latencyMs: 800,
			costUsd: 3
		});
		await recordRequest(h.writer, {
			model: 'gpt-4o-mini',
			user: 'bob',
			team: 'support',
			outcome: 'miss',
			latencyMs: 300,
			costUsd: 1
		});
		await recordRequest(h.writer, {
			model: 'gpt-4o',
			user: 'bob',
			team: 'support',
			outcome: 'exact',
			latencyMs: 3,
			costUsd: 0,
			savedUsd: 2
		});
		const s = await f.until(
			(s) => s.ranges[0]!.users.length === 2 && s.ranges[0]!.teams.length === 2 && s.todayUsd === 4,
			5_000,
			'breakdowns'
		);
		const week = s.ranges.find((r) => r.days === 7)!;
		expect(week.models).toEqual([
			{ name: 'gpt-4o', spendUsd: 3, share: 0.75 },
			{ name: 'gpt-4o-mini', spendUsd: 1, share: 0.25 }
		]);
		expect(week.users.map((u) => [u.name, u.spendUsd])).toEqual([
			['alice', 3],
			['bob', 1]
		]);
		expect(week.teams.map((t) => [t.name, t.spendUsd])).toEqual([
			['search', 3],
			['support', 1]
		]);
		expect(week.savedUsd).toBe(2);
		expect(s.mtdUsd).toBe(4);
	});

	it('projects the month end from the daily history, and names the method', async () => {
		for (let i = 1; i <= 28; i++)
			await h.writer.zAdd(KEYS.spendTotal, { value: daysAgo(i), score: 10 });
		await h.writer.zAdd(KEYS.spendTotal, { value: today(), score: 4 });
		const f = await h.follow('cost');
		const s = await f.until((s) => s.monthEnd !== null && s.todayUsd === 4, 5_000, 'projection');
		const d = new Date();
		const daysInMonth = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
		const left = daysInMonth - d.getUTCDate();
		// flat 10/day: the rest of today (6) plus 10 per remaining day
		expect(s.monthEnd!.mean).toBeCloseTo(s.mtdUsd! + 6 + 10 * left, 6);
		expect(s.method).toMatch(/linear trend.*day-of-week/);
		expect(s.horizon).toHaveLength(30);
	});
});

describe('budgets', () => {
	it('validates input with clear errors', async () => {
		for (const [body, msg] of [
			[{ name: '', scope: 'gateway', monthlyUsd: 10 }, /name must not be empty/],
			[{ name: 'a', scope: 'gateway', monthlyUsd: -1 }, /monthlyUsd must be more than 0/],
			[{ name: 'a', scope: 'gateway', monthlyUsd: 'lots' }, /monthlyUsd must be a number/],
			[{ name: 'a', scope: 'team', monthlyUsd: 10 }, /target is required/],
			[
				{ name: 'a', scope: 'planet', monthlyUsd: 10 },
				/scope must be gateway, team, user or model/
			],
			[{ name: 'a', scope: 'gateway', monthlyUsd: 10, thresholds: [0] }, /at least 1%/],
			[{ name: 'a', scope: 'gateway', monthlyUsd: 10, colour: 'red' }, /unknown field\(s\): colour/]
		] as const) {
			const r = await api('POST', '/api/budgets', body);
			expect(r.status, JSON.stringify(body)).toBe(400);
			expect(r.body.error).toMatch(msg);
		}
		expect(
			(await api('PUT', '/api/budgets/nope', { name: 'a', scope: 'gateway', monthlyUsd: 1 })).status
		).toBe(404);
		expect((await api('GET', '/api/budgets')).body).toEqual([]);
	});

	it('accepts a target or group member the gateway has not recorded yet, and says why it stays at $0.00 (issue 21, item 4)', async () => {
		await recordRequest(h.writer, {
			model: 'gpt-4o',
			user: 'alice',
			team: 'finance',
			outcome: 'miss',
			latencyMs: 100,
			costUsd: 1
		});
		await waitFor(
			() => h.server.realtime.store.entities.users.has('alice'),
			5_000,
			'alice recorded'
		);
		const known = await api('POST', '/api/budgets', {
			name: 'finance',
			scope: 'team',
			target: 'finance',
			monthlyUsd: 10
		});
		expect(known.status).toBe(201);
		expect(known.body.warnings).toBeUndefined();
		const typo = await api('POST', '/api/budgets', {
			name: 'finanse',
			scope: 'team',
			target: 'finanse',
			monthlyUsd: 10
		});
		expect(typo.status).toBe(201); // kept: the team may appear later
		expect(typo.body.warnings).toEqual([expect.stringMatching(/team "finanse".*stays at \$0\.00/)]);
		const model = await api('PUT', `/api/budgets/${typo.body.id}`, {
			name: 'm',
			scope: 'model',
			target: 'gpt-5-nope',
			monthlyUsd: 10
		});
		expect(model.body.warnings).toEqual([expect.stringMatching(/model "gpt-5-nope"/)]);
		const group = await api('POST', '/api/groups', { name: 'g', users: ['alice', 'notauser'] });
		expect(group.status).toBe(201);
		expect(group.body.warnings).toEqual([expect.stringMatching(/"notauser" yet/)]);
		expect(group.body.warnings[0]).not.toContain('"alice"');
	});

	it('shows burn, emits one budget event per threshold crossed, and survives a restart', async () => {
		const events: BudgetEvent[] = [];
		const sock = await h.connect();
		sock.on('budget', (e) => events.push(e));
		const created = await api('POST', '/api/budgets', {
			name: 'Search team',
			scope: 'team',
			target: 'search',
			monthlyUsd: 10,
			thresholds: [100, 50]
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ name: 'Search team', thresholds: [50, 100] });
		const f = await h.follow('cost');
		await recordRequest(h.writer, {
			model: 'gpt-4o',
			user: 'carol',
			team: 'search',
			outcome: 'miss',
			latencyMs: 1,
			costUsd: 6
		});
		let s = await f.until((s) => s.budgets[0]?.spentUsd === 6, 5_000, 'burn');
		expect(s.budgets[0]).toMatchObject({ percent: 60, scope: 'team', target: 'search' });
		await waitFor(() => events.length === 1, 5_000, 'the 50% event');
		expect(events[0]).toMatchObject({ name: 'Search team', threshold: 50, spentUsd: 6 });
		await recordRequest(h.writer, {
			model: 'gpt-4o',
			user: 'carol',
			team: 'search',
			outcome: 'miss',
			latencyMs: 1,
			costUsd: 5
		});
		s = await f.until((s) => s.budgets[0]?.spentUsd === 11, 5_000, 'over budget');
		expect(s.budgets[0]).toMatchObject({ daysToExhaustion: 0 });
		await waitFor(() => events.length === 2, 5_000, 'the 100% event');
		expect(events[1]!.threshold).toBe(100);
		expect(await h.writer.xLen('helix-dashboard:budget-events')).toBe(2);
		await recordRequest(h.writer, {
			model: 'gpt-4o',
			user: 'carol',
			team: 'search',
			outcome: 'miss',
			latencyMs: 1,
			costUsd: 1
		});
		await f.until((s) => s.budgets[0]?.spentUsd === 12);
		await new Promise((r) => setTimeout(r, 1_200));
		expect(events).toHaveLength(2); // each crossing once

		const other = await startHarness(inject('redisUrl'));
		try {
			expect(other.server.realtime.cost.budgets.list().map((b) => b.name)).toEqual(['Search team']);
		} finally {
			await other.close();
		}
	});
});

describe('User Management room and groups', () => {
	it('ranks users by spend and requests, per team with hit rates, and finds them by id', async () => {
		for (let i = 0; i < 3; i++)
			await recordRequest(h.writer, {
				model: 'm',
				user: 'dave',
				team: 'data',
				outcome: i ? 'exact' : 'miss',
				latencyMs: 1,
				costUsd: i ? 0 : 1
			});
		await recordRequest(h.writer, {
			model: 'm',
			user: 'erin',
			team: 'data',
			outcome: 'miss',
			latencyMs: 1,
			costUsd: 5
		});
		const f = await h.follow('users');
		const s = await f.until(
			(s) => s.ranges[0]!.bySpend.length === 2 && (s.ranges[0]!.byRequests?.length ?? 0) === 2,
			5_000,
			'users'
		);
		const r = s.ranges.find((x) => x.days === 30)!;
		expect(r.bySpend.map((u) => u.user)).toEqual(['erin', 'dave']);
		expect(r.byRequests!.map((u) => [u.user, u.requests, u.hits])).toEqual([
			['dave', 3, 2],
			['erin', 1, 0]
		]);
		expect(r.teams).toEqual([
			{ team: 'data', users: 2, members: 2, spendUsd: 6, requests: 4, hits: 2, hitRate: 0.5 }
		]);
		expect(s.growth.at(-1)).toEqual({ date: today(), newUsers: 2, activeUsers: 2 });
		expect(s.heatmap.source).toBe('events');
		const sock = await h.connect();
		const found = await sock.timeout(5_000).emitWithAck('users:search', { query: 'DAV', days: 7 });
		expect(found.ok && found.data.map((u: { user: string }) => u.user)).toEqual(['dave']);
		expect(await sock.timeout(5_000).emitWithAck('users:search', { query: '', days: 7 })).toEqual({
			ok: false,
			code: 'invalid',
			msg: 'query: type at least one character'
		});
	});

	it('says when only daily data exists, and shows the weekday pattern instead', async () => {
		await h.writer.zAdd(spendUserKey('frank'), { value: today(), score: 2 });
		const f = await h.follow('users');
		const s = await f.until((s) => s.userCount === 1);
		expect(s.heatmap.source).toBe('daily');
		expect(s.requestsKnown).toBe(false);
		expect(s.ranges[0]!.byRequests).toBeNull();
	});

	it('creates, renames, changes and deletes groups, logging every change; groups filter spend', async () => {
		await h.writer.zAdd(spendUserKey('gina'), { value: today(), score: 7 });
		await h.writer.zAdd(spendUserKey('hank'), { value: today(), score: 3 });
		await h.writer.zAdd(spendModelKey('m'), { value: today(), score: 10 });
		await h.server.realtime.collector.reconcileEntities();
		const c = await api('POST', '/api/groups', { name: 'Pilots', users: ['gina', 'gina'] });
		expect(c.status).toBe(201);
		expect(c.body.users).toEqual(['gina']);
		expect((await api('POST', '/api/groups', { name: 'pilots', users: [] })).body.error).toMatch(
			/already exists/
		);
		const id = c.body.id as string;
		expect(
			(await api('PUT', `/api/groups/${id}`, { name: 'Pilot users', users: ['gina', 'hank'] }))
				.status
		).toBe(200);
		const f = await h.follow('cost');
		const s = await f.until((s) => s.groups[0]?.spend[7] === 10, 5_000, 'group spend');
		expect(s.groups[0]!.name).toBe('Pilot users');
		const u = await h.follow('users');
		await u.until((s) => s.groups[0]?.rows[30].length === 2 && s.changes.length === 2);
		expect((await api('DELETE', `/api/groups/${id}`)).status).toBe(200);
		const log = await h.writer.xRange('helix-dashboard:changes', '-', '+');
		expect(log.map((e) => e.message.action)).toEqual(['create', 'update', 'delete']);
		expect((await api('DELETE', `/api/groups/${id}`)).status).toBe(404);
	});
});

describe('day and month boundaries (injected clock, TIMEZONE_OFFSET=1)', () => {
	it('puts spend on the right local day and month around midnight and month end', async () => {
		await h.writer.flushAll();
		// the dashboard's clock: 2026-02-01 00:30 local = 2026-01-31 23:30 UTC
		const now = Date.parse('2026-01-31T23:30:00Z');
		const tz = await startHarness(
			inject('redisUrl'),
			{ TIMEZONE_OFFSET: '1' },
			{ clock: { now: () => now } }
		);
		try {
			const rec = (iso: string, costUsd: number) =>
				recordRequest(
					tz.writer,
					{ model: 'm', user: 'u', outcome: 'miss', latencyMs: 1, costUsd, at: Date.parse(iso) },
					{ timezoneOffset: 1 }
				);
			await rec('2026-01-30T23:00:00Z', 1); // local Jan 31 00:00
			await rec('2026-01-31T22:59:59Z', 2); // local Jan 31 23:59:59
			await rec('2026-01-31T23:00:00Z', 4); // local Feb 1 00:00:00
			await rec('2026-01-31T23:20:00Z', 8); // local Feb 1 00:20
			expect(await tz.writer.zScore(KEYS.spendTotal, '2026-01-31')).toBe(3);
			expect(await tz.writer.zScore(KEYS.spendTotal, '2026-02-01')).toBe(12);
			const f = await tz.follow('cost');
			const s = await f.until((s) => s.todayUsd === 12, 5_000, 'local today');
			expect(s.today).toBe('2026-02-01');
			expect(s.month).toBe('2026-02');
			expect(s.mtdUsd).toBe(12); // January's 3 is not in February
			expect(s.daily.at(-2)).toMatchObject({ date: '2026-01-31', spendUsd: 3 });
			const u = await tz.follow('users');
			// the first read takes the last 15 minutes; the first viewer back-fills the older entries
			const us = await u.until(
				(s) => s.heatmap.source === 'events' && s.heatmap.events === 4,
				5_000,
				'heatmap'
			);
			const cells = us.heatmap.source === 'events' ? us.heatmap.cells : [];
			expect(cells[0]![0]).toBe(2); // Sunday Feb 1, 00:00 and 00:20 local
			expect(cells[6]![23]).toBe(1); // Saturday Jan 31, 23:59:59 local
			expect(cells[6]![0]).toBe(1); // Saturday Jan 31, 00:00 local
		} finally {
			await tz.close();
		}
	});
});
