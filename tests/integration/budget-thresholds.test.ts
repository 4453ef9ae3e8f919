// Budget thresholds with their own severity and channels, the scopes' default thresholds,
// and every crossing delivered exactly once (issue 23) — two dashboard nodes and a restart on
// one real Redis, real webhook and Slack receivers, an injected clock on 10 December:
//   Gateway $100, thresholds 50 (info: every channel), 80 → slack only, 100 critical → none
//   gpt-4o $10, no thresholds of its own: the model scope's defaults, 30 warning → webhook
// Spend goes $60 → $85 → (node A stops, C starts) → gpt-4o $4 → $105. Expected: webhook gets
// 50% and 30% once each, Slack 50% and 80% once each, the 100% crossing reaches nobody but is
// in the stream and on the page; two nodes that both believe they lead send nothing twice.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BUDGET_EVENTS_KEY } from '../../src/lib/server/cost/budget-events.ts';
import { KEYS, spendModelKey } from '../../src/lib/shared/contract/keys.ts';
import type { AlertNotice } from '../../src/lib/shared/protocol/alerts.ts';
import { callJson } from '../helpers/auth.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';
import { startHttpReceiver, type HttpReceiver } from '../helpers/receivers.ts';

const url = `${inject('redisUrl')}/8`;
const NOON = Date.UTC(2026, 11, 10, 12);
const clock = { now: () => NOON };
let a: Harness;
let b: Harness | null;
let c: Harness | null = null;
let hook: HttpReceiver;
let slack: HttpReceiver;

const env = () => ({
	ALERT_WEBHOOK_URL: hook.url,
	ALERT_SLACK_WEBHOOK_URL: slack.url,
	ALERT_RETRIES: '0',
	TIMEZONE: 'UTC'
});
const api = (h: Harness, method: string, path: string, body?: unknown) =>
	callJson(h, null, method, path, body);
/** the threshold notices each receiver got, as "<budget> <threshold>" */
const got = (r: HttpReceiver) =>
	r.requests
		.map((q) => q.body)
		.filter((body) => body.includes('budget-threshold') || body.includes('Budget '))
		.map((body) => {
			const j = JSON.parse(body) as AlertNotice & { text?: string };
			if (j.alert)
				return j.alert.ruleId === 'budget-threshold'
					? `${j.alert.labels.budget} ${j.alert.threshold}`
					: null;
			const m = /Budget (\d+)% reached firing.*budget=(\S+)/.exec(j.text ?? '');
			return m ? `${m[2]} ${m[1]}` : null;
		})
		.filter(Boolean)
		.sort();
const nodes = () => [a, b, c].filter((h): h is Harness => h !== null);
/** every node checks its budgets and drains its outbox (only a lease holder sends) */
async function settle() {
	for (const h of nodes()) await h.server.realtime.cost.checkBudgets(true);
	for (const h of nodes()) await h.server.realtime.cost.outbox!.drain();
	for (const h of nodes()) await h.server.realtime.alerts!.idle();
}
async function spend(total: number, model = 0) {
	await a.writer.zAdd(KEYS.spendTotal, { value: '2026-12-10', score: total });
	await a.writer.zAdd(spendModelKey('gpt-4o'), { value: '2026-12-10', score: model });
	for (const h of nodes())
		await waitFor(
			() => h.server.realtime.store.dailySum(KEYS.spendTotal) === total,
			10_000,
			'spend read'
		);
}

beforeAll(async () => {
	hook = await startHttpReceiver();
	slack = await startHttpReceiver();
	a = await startHarness(url, env(), { clock });
	await a.writer.flushDb();
	b = await startHarness(url, env(), { clock });
	const g = await api(a, 'POST', '/api/budgets', {
		name: 'Gateway',
		scope: 'gateway',
		monthlyUsd: 100,
		thresholds: [
			50,
			{ percent: 80, channels: ['slack'] },
			{ percent: 100, severity: 'critical', channels: [] }
		]
	});
	expect(g.status).toBe(201);
	const d = await api(a, 'PUT', '/api/budgets/thresholds', {
		model: [{ percent: 30, severity: 'warning', channels: ['webhook'] }]
	});
	expect(d.status).toBe(200);
	expect(
		(
			await api(a, 'POST', '/api/budgets', {
				name: 'gpt-4o',
				scope: 'model',
				target: 'gpt-4o',
				monthlyUsd: 10
			})
		).status
	).toBe(201);
	for (const h of nodes()) await h.server.realtime.cost.load();
	await waitFor(() => nodes().some((h) => h.server.realtime.lease.isLeader), 10_000, 'a leader');
});
afterAll(async () => {
	await a?.writer.flushDb();
	for (const h of nodes()) await h.close().catch(() => {});
	await hook?.close();
	await slack?.close();
});

describe('budget thresholds', () => {
	it('keeps a plain percent plain, and says a bad threshold in a sentence', async () => {
		const list = await api(a, 'GET', '/api/budgets');
		const gw = (list.body as unknown as { name: string; thresholds: unknown }[]).find(
			(x) => x.name === 'Gateway'
		);
		expect(gw?.thresholds).toEqual([
			50,
			{ percent: 80, severity: 'warning', channels: ['slack'] },
			{ percent: 100, severity: 'critical', channels: [] }
		]);
		const bad = await api(a, 'POST', '/api/budgets', {
			name: 'x',
			scope: 'gateway',
			monthlyUsd: 1,
			thresholds: [{ percent: 50, channels: ['pager'] }]
		});
		expect(bad.status).toBe(400);
		expect(String(bad.body.error)).toMatch(/channels may be webhook, slack, email/);
		const defaults = await api(a, 'GET', '/api/budgets/thresholds');
		expect(defaults.body).toMatchObject({
			defaults: [50, 80, 95, 100],
			scopes: { model: [{ percent: 30, severity: 'warning', channels: ['webhook'] }] }
		});
	});

	it('delivers each crossing once, to its own channels, across two nodes and a restart', async () => {
		await spend(60);
		await settle();
		await waitFor(
			async () => {
				if (got(hook).length === 1 && got(slack).length === 1) return true;
				throw new Error(
					`hook ${JSON.stringify(got(hook))} slack ${JSON.stringify(got(slack))} stream ${await a.writer.xLen(BUDGET_EVENTS_KEY)} cursor ${await a.writer.get('helix-dashboard:budget-events:sent')} leaders ${nodes().map((h) => h.server.realtime.lease.isLeader)} raw ${hook.requests.length}`
				);
			},
			10_000,
			'50% delivered'
		);
		await spend(85);
		await settle();
		await waitFor(() => got(slack).length === 2, 10_000, '80% delivered');
		// the lease holder stops; a new node starts and takes over
		const leader = nodes().find((h) => h.server.realtime.lease.isLeader)!;
		await leader.close();
		if (leader === a) a = b!;
		b = null;
		c = await startHarness(url, env(), { clock });
		await waitFor(
			() => nodes().some((h) => h.server.realtime.lease.isLeader),
			15_000,
			'a new leader'
		);
		await spend(85, 4);
		await settle();
		await waitFor(() => got(hook).length === 2, 10_000, '30% delivered');
		await spend(105, 4);
		await settle();
		await waitFor(
			async () => (await a.writer.xLen(BUDGET_EVENTS_KEY)) === 4,
			10_000,
			'4 crossings'
		);
		await settle();
		expect(got(hook)).toEqual(['Gateway 50', 'gpt-4o 30']);
		expect(got(slack)).toEqual(['Gateway 50', 'Gateway 80']);
		const page = a.server.realtime.snapshot('cost').state;
		expect(page.budgets.map((x) => [x.name, x.crossed, x.inherited])).toEqual([
			['Gateway', [50, 80, 100], false],
			['gpt-4o', [30], true]
		]);
		// two nodes that both believe they hold the lease, the cursor rewound to replay all
		// four entries: the claim lets one of them send each, so 4 deliveries, not 8
		for (const h of nodes()) h.server.realtime.lease.isLeader = true;
		await a.writer.set('helix-dashboard:budget-events:sent', '0-0');
		const before = hook.requests.length + slack.requests.length;
		await Promise.all(nodes().map((h) => h.server.realtime.cost.outbox!.drain()));
		for (const h of nodes()) await h.server.realtime.alerts!.idle();
		expect(hook.requests.length + slack.requests.length - before).toBe(4);
	});
});
