// Scheduled reports (issue 23) on a real Redis with an injected clock in Europe/Berlin, two
// dashboard nodes and a restart, a real SMTP receiver and a real Slack (HTTP) receiver:
//   daily at 08:00 (covers the day before), weekly on Thursdays at 08:00 (the 7 days before),
//   monthly on the 1st at 09:00 — on Thursday 10 December, 9 days late: skipped (6 h catch-up)
// Each due report is sent once across the nodes, the restart and repeated checks; e-mail
// carries HTML and text; the weekly report's spend per model, team and user equals the Cost
// page's 7-day figures (spend only on Dec 4–9, none today, so both ranges hold the same
// days), the daily one's total equals the Cost page's figure for Dec 9, and its cache figures
// are the rollups' (10 requests on Dec 9: 4 exact, 1 semantic → 50%, $0.05 saved).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KEYS, spendModelKey, spendUserKey } from '../../src/lib/shared/contract/keys.ts';
import type { ReportData } from '../../src/lib/shared/protocol/reports.ts';
import { zonedTime } from '../../src/lib/shared/time.ts';
import { callJson } from '../helpers/auth.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';
import {
	startHttpReceiver,
	startSmtpReceiver,
	type HttpReceiver,
	type SmtpReceiver
} from '../helpers/receivers.ts';

const url = `${inject('redisUrl')}/8`;
const ZONE = 'Europe/Berlin';
let now = zonedTime(2026, 12, 10, 7, 59, ZONE);
const clock = { now: () => now };
let a: Harness;
let b: Harness | null;
let c: Harness | null = null;
let smtp: SmtpReceiver;
let slack: HttpReceiver;
const nodes = () => [a, b, c].filter((h): h is Harness => !!h);
const env = () => ({
	ALERT_SMTP_URL: smtp.url,
	ALERT_EMAIL_TO: 'ops@example.com',
	ALERT_SLACK_WEBHOOK_URL: slack.url,
	ALERT_RETRIES: '0',
	TIMEZONE: ZONE
});
const api = (h: Harness, method: string, path: string, body?: unknown) =>
	callJson(h, null, method, path, body);
const subjects = () =>
	smtp.messages
		.map((m) => /^Subject: (.*)$/m.exec(m.raw)?.[1] ?? '')
		.filter((s) => s.includes('report'))
		.sort();
const slackReports = () =>
	slack.requests
		.map((r) => (JSON.parse(r.body) as { text: string }).text)
		.filter((t) => t.includes('report'));
async function tickAll() {
	await Promise.all(nodes().map((h) => h.server.realtime.reports!.tick()));
	for (const h of nodes()) await h.server.realtime.alerts!.idle();
}

/** spend per day Dec 4–9: gpt-4o $2 + claude $1 a day; alice (red) $2, bob (blue) $1 */
async function seed(w: Harness['writer']) {
	for (let d = 4; d <= 9; d++) {
		const date = `2026-12-${String(d).padStart(2, '0')}`;
		await w.zAdd(KEYS.spendTotal, { value: date, score: 3 });
		await w.zAdd(KEYS.savedTotal, { value: date, score: 0.5 });
		await w.zAdd(spendModelKey('gpt-4o'), { value: date, score: 2 });
		await w.zAdd(spendModelKey('claude-3'), { value: date, score: 1 });
		await w.zAdd(spendUserKey('alice'), { value: date, score: 2 });
		await w.zAdd(spendUserKey('bob'), { value: date, score: 1 });
	}
	await w.hSet(KEYS.userTeams, { alice: 'red', bob: 'blue' });
	// Dec 9, 12:00 Berlin: 10 requests for the rollups
	const t0 = zonedTime(2026, 12, 9, 12, 0, ZONE);
	for (let i = 0; i < 10; i++)
		await w.xAdd(KEYS.events, `${t0 + i * 1000}-0`, {
			model: 'gpt-4o',
			outcome: i < 4 ? 'exact' : i === 4 ? 'semantic' : 'miss',
			latency_ms: '100',
			cost_usd: i >= 5 ? '0.01' : '0',
			saved_usd: i < 5 ? '0.01' : '0'
		});
}

beforeAll(async () => {
	smtp = await startSmtpReceiver();
	slack = await startHttpReceiver();
	a = await startHarness(url, env(), { clock });
	await a.writer.flushDb();
	await seed(a.writer);
	b = await startHarness(url, env(), { clock });
	const put = await api(a, 'PUT', '/api/reports/schedule', {
		daily: { at: '08:00' },
		weekly: { at: '08:00', day: 'thursday', channels: ['email', 'slack'] },
		monthly: { at: '09:00', day: 1 }
	});
	expect(put.status).toBe(200);
	for (const h of nodes()) {
		await h.server.realtime.reports!.schedule.load();
		await h.server.realtime.collector.reconcile(false);
		await h.server.realtime.collector.reconcileEntities();
	}
	await waitFor(() => nodes().some((h) => h.server.realtime.lease.isLeader), 10_000, 'a leader');
	// the rollups of Dec 9 (the lease holder's writer)
	const leader = nodes().find((h) => h.server.realtime.lease.isLeader)!;
	for (let i = 0; i < 20; i++) if (!(await leader.server.realtime.history!.writer.round())) break;
});
afterAll(async () => {
	await a?.writer.flushDb();
	for (const h of nodes()) await h.close().catch(() => {});
	await smtp?.close();
	await slack?.close();
});

describe('scheduled reports', () => {
	it('refuses a bad schedule with a sentence', async () => {
		const bad = await api(a, 'PUT', '/api/reports/schedule', { daily: { at: '8am' } });
		expect(bad.status).toBe(400);
		expect(String(bad.body.error)).toMatch(/HH:MM/);
		const day = await api(a, 'PUT', '/api/reports/schedule', { monthly: { at: '09:00', day: 31 } });
		expect(String(day.body.error)).toMatch(/1 to 28/);
	});

	it('sends nothing before its time, then each due report once across nodes and a restart', async () => {
		await tickAll();
		expect(subjects()).toEqual([]);
		now = zonedTime(2026, 12, 10, 8, 0, ZONE) + 30_000;
		await tickAll();
		await tickAll();
		await waitFor(
			() => subjects().length === 2 && slackReports().length === 2,
			10_000,
			'two reports'
		);
		expect(subjects()).toEqual([
			'[helix] Daily report, 2026-12-09',
			'[helix] Weekly report, 2026-12-03 to 2026-12-09'
		]);
		// a restart: the lease holder stops, a new node takes over and checks again
		const leader = nodes().find((h) => h.server.realtime.lease.isLeader)!;
		await leader.close();
		if (leader === a) a = b!;
		b = null;
		c = await startHarness(url, env(), { clock });
		await c.server.realtime.reports!.schedule.load();
		await waitFor(
			() => nodes().some((h) => h.server.realtime.lease.isLeader),
			15_000,
			'a new leader'
		);
		await tickAll();
		expect(subjects()).toHaveLength(2);
		expect(slackReports()).toHaveLength(2);
		// e-mail: HTML and plain text
		const mail = smtp.messages.find((m) => m.raw.includes('Weekly report'))!.raw;
		expect(mail).toMatch(/Content-Type: text\/plain/);
		expect(mail).toMatch(/Content-Type: text\/html/);
		// the next day: the next daily, no second weekly
		now += 86_400_000;
		await tickAll();
		await waitFor(() => subjects().length === 3, 10_000, 'the next daily');
		expect(subjects()).toContain('[helix] Daily report, 2026-12-10');
	});

	it('has the Cost page’s figures for the same days, and the rollups’ cache figures', async () => {
		now = zonedTime(2026, 12, 10, 8, 0, ZONE) + 60_000;
		const weekly = await api(a, 'POST', '/api/reports/preview', { kind: 'weekly' });
		expect(weekly.status).toBe(200);
		expect(weekly.body.subject).toBe('[helix] [preview] Weekly report, 2026-12-03 to 2026-12-09');
		const w = weekly.body.data as unknown as ReportData;
		const cost = a.server.realtime.snapshot('cost').state;
		const week = cost.ranges.find((r) => r.days === 7)!;
		expect(w.spend.totalUsd).toBe(week.totalUsd);
		expect(w.spend.totalUsd).toBeCloseTo(18, 9);
		expect(w.spend.savedUsd).toBe(week.savedUsd);
		expect(w.spend.models).toEqual(week.models.slice(0, 10));
		expect(w.spend.teams).toEqual(week.teams.slice(0, 10));
		expect(w.spend.users).toEqual(week.users.slice(0, 10));
		expect(w.spend.models.map((m) => [m.name, m.spendUsd])).toEqual([
			['gpt-4o', 12],
			['claude-3', 6]
		]);
		const daily = await api(a, 'POST', '/api/reports/preview', { kind: 'daily' });
		const d = daily.body.data as unknown as ReportData;
		expect(d.spend.totalUsd).toBe(cost.daily.find((x) => x.date === '2026-12-09')!.spendUsd);
		expect(d.cache).toEqual({ requests: 10, hitRate: 0.5, savedUsd: 0.05 });
		expect(d.incidents).toBe(0);
		expect(String(daily.body.text)).toContain('Cache hit rate: 50.00%');
		// "send now": the preview goes to the channels too, marked
		const sent = await api(a, 'POST', '/api/reports/preview', { kind: 'daily', send: true });
		expect(sent.body.results).toEqual([
			expect.objectContaining({ channel: 'slack', ok: true }),
			expect.objectContaining({ channel: 'email', ok: true })
		]);
		await waitFor(
			() => subjects().some((s) => s.includes('[preview]')),
			10_000,
			'the preview e-mail'
		);
	});
});
