// Alerts end to end against real Redis writes and real receivers: webhook (HMAC), Slack and
// e-mail (SMTP); retries, a failing channel that blocks nothing, silences, history across a
// restart, and one sender among two dashboard nodes.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { AlertNotice } from '../../src/lib/shared/protocol/alerts.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';
import {
	startHttpReceiver,
	startSmtpReceiver,
	type HttpReceiver,
	type SmtpReceiver
} from '../helpers/receivers.ts';

let hook: HttpReceiver;
let slack: HttpReceiver;
let smtp: SmtpReceiver;
let h: Harness;
const SECRET = 's3cret';
const env = () => ({
	ALERT_WEBHOOK_URL: `${hook.url}/hook`,
	ALERT_WEBHOOK_SECRET: SECRET,
	ALERT_SLACK_WEBHOOK_URL: `${slack.url}/slack`,
	ALERT_SMTP_URL: smtp.url,
	ALERT_EMAIL_TO: 'oncall@example.com',
	ALERT_RETRIES: '2'
});

const api = async (base: string, method: string, path: string, body?: unknown) => {
	const res = await fetch(base + path, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	return { status: res.status, body: await res.json() };
};
const incident = () =>
	JSON.stringify({
		user_id: 'u',
		timestamp: new Date().toISOString(),
		action: 'logged',
		content_preview: 'x'
	});

beforeAll(async () => {
	[hook, slack, smtp] = await Promise.all([
		startHttpReceiver(),
		startHttpReceiver(),
		startSmtpReceiver()
	]);
	h = await startHarness(inject('redisUrl'), env());
});
afterAll(async () => {
	await h?.close();
	await Promise.all([hook?.close(), slack?.close(), smtp?.close()]);
});
beforeEach(async () => {
	await h.server.realtime.alerts!.idle(); // nothing from the previous test still on its way
	await h.writer.flushAll();
	await h.server.realtime.alerts!.load();
	await h.server.realtime.collector.reconcile(false);
	h.server.realtime.alerts!.deliveries = [];
	hook.requests.length = 0;
	slack.requests.length = 0;
	smtp.messages.length = 0;
	for (const r of h.server.realtime.alerts!.rules.list())
		await h.server.realtime.alerts!.rules.remove(r.id);
	await waitFor(() => h.server.realtime.alerts!.lease.isLeader, 8_000, 'lease');
});

describe('alerts', () => {
	it('routes a severity to the channels chosen for it, and only those', async () => {
		const bad = await api(h.baseUrl, 'PUT', '/api/alerts/routing', { critical: ['pager'] });
		expect(bad.status).toBe(400);
		expect(bad.body.error).toMatch(/channels may be webhook, slack, email/);
		const put = await api(h.baseUrl, 'PUT', '/api/alerts/routing', { critical: ['slack'] });
		expect(put.status).toBe(200);
		try {
			const rule = await api(h.baseUrl, 'POST', '/api/alerts/rules', {
				name: 'PII seen (routed)',
				metric: 'pii_per_hour',
				threshold: 0,
				severity: 'critical',
				hysteresisPct: 0
			});
			expect(rule.status).toBe(201);
			await h.writer.lPush(KEYS.piiIncidents, incident());
			await waitFor(() => slack.requests.length >= 1, 10_000, 'the Slack delivery');
			await h.server.realtime.alerts!.idle(); // every delivery of the notice has finished
			expect(hook.requests).toHaveLength(0);
			expect(smtp.messages).toHaveLength(0);
		} finally {
			// resolve it while the routing still holds, so no notice reaches the next test
			for (const r of h.server.realtime.alerts!.rules.list())
				await h.server.realtime.alerts!.rules.remove(r.id);
			await h.server.realtime.alerts!.idle();
			await api(h.baseUrl, 'PUT', '/api/alerts/routing', {});
		}
	});

	it('fires from real writes, toasts every browser, and delivers to webhook (signed), Slack and e-mail; then resolves', async () => {
		const sock = await h.connect();
		const toasts: AlertNotice[] = [];
		sock.on('alert', (n) => toasts.push(n));
		const rule = await api(h.baseUrl, 'POST', '/api/alerts/rules', {
			name: 'PII seen',
			metric: 'pii_per_hour',
			comparator: '>',
			threshold: 0,
			forSeconds: 0,
			severity: 'critical',
			hysteresisPct: 0
		});
		expect(rule.status).toBe(201);
		await h.writer.lPush(KEYS.piiIncidents, incident());
		await waitFor(
			() => hook.requests.length >= 1 && slack.requests.length >= 1 && smtp.messages.length >= 1,
			10_000,
			'three deliveries'
		);
		const req = hook.requests[0]!;
		expect(req.headers['x-helix-signature']).toBe(
			`sha256=${createHmac('sha256', SECRET).update(req.body).digest('hex')}`
		);
		expect(JSON.parse(req.body)).toMatchObject({
			to: 'firing',
			alert: { ruleName: 'PII seen', severity: 'critical', value: 1 }
		});
		expect(JSON.parse(slack.requests[0]!.body).text).toMatch(
			/:rotating_light: \[CRITICAL\] PII seen firing: value 1\/h; threshold 0\/h/
		);
		expect(smtp.messages[0]).toMatchObject({ to: ['oncall@example.com'] });
		expect(smtp.messages[0]!.raw).toMatch(/Subject: \[helix\] \[CRITICAL\] PII seen firing/);
		expect(toasts.map((t) => t.to)).toContain('firing');
		// the channels' last delivery shows on System Health
		// (recorded once every channel of the notice has finished, e-mail last)
		await waitFor(
			() =>
				h.server.realtime
					.snapshot('system')!
					.state.services.find((x) => x.name === 'Alerts: webhook')?.status === 'ok',
			5_000,
			'webhook delivery on System Health'
		);
		expect((await api(h.baseUrl, 'GET', '/api/alerts')).body.active[0]).toMatchObject({
			state: 'firing',
			ruleName: 'PII seen'
		});

		await h.writer.del(KEYS.piiIncidents);
		await waitFor(
			() => hook.requests.some((r) => JSON.parse(r.body).to === 'resolved'),
			10_000,
			'resolved notice'
		);
		expect(toasts.map((t) => t.to)).toContain('resolved');
		const history = (await api(h.baseUrl, 'GET', '/api/alerts/history?severity=critical')).body as {
			to: string;
		}[];
		expect(history.map((x) => x.to)).toEqual(
			['ok', 'resolved', 'firing', 'pending'].filter((s) => history.some((x) => x.to === s))
		);
	});

	it('retries a failing webhook with backoff, and a dead channel blocks none of the others', async () => {
		hook.failNext(1);
		await slack.close(); // Slack unreachable
		try {
			await api(h.baseUrl, 'POST', '/api/alerts/rules', {
				name: 'Any request',
				metric: 'redis_down',
				comparator: '>=',
				threshold: 0,
				forSeconds: 0,
				severity: 'warning'
			});
			await waitFor(
				() => h.server.realtime.alerts!.deliveries.length === 3,
				15_000,
				'three delivery results'
			);
			const d = Object.fromEntries(h.server.realtime.alerts!.deliveries.map((x) => [x.channel, x]));
			expect(d.webhook).toMatchObject({ ok: true, attempts: 2 });
			expect(d.email).toMatchObject({ ok: true });
			expect(d.slack).toMatchObject({ ok: false, attempts: 3 });
			expect(hook.requests).toHaveLength(2);
		} finally {
			slack = await startHttpReceiver();
		}
	});

	it('a silence mutes notifications but the alert still fires and is recorded', async () => {
		const r = await api(h.baseUrl, 'POST', '/api/alerts/rules', {
			name: 'Muted',
			metric: 'redis_down',
			comparator: '>=',
			threshold: 0,
			forSeconds: 0,
			severity: 'info'
		});
		expect(
			(
				await api(h.baseUrl, 'POST', '/api/alerts/silences', {
					ruleId: r.body.id,
					minutes: 10,
					reason: ''
				})
			).status
		).toBe(400);
		expect(
			(
				await api(h.baseUrl, 'POST', '/api/alerts/silences', {
					ruleId: r.body.id,
					minutes: 10,
					reason: 'maintenance'
				})
			).status
		).toBe(201);
		await waitFor(
			async () =>
				(await api(h.baseUrl, 'GET', '/api/alerts')).body.active.some(
					(a: { state: string }) => a.state === 'firing'
				),
			5_000,
			'firing'
		);
		await new Promise((res) => setTimeout(res, 1_500));
		expect(hook.requests).toHaveLength(0);
		const active = (await api(h.baseUrl, 'GET', '/api/alerts')).body.active[0];
		expect(active.silencedUntil).toBeGreaterThan(Date.now());
	});

	it('keeps its history across a restart', async () => {
		await api(h.baseUrl, 'POST', '/api/alerts/rules', {
			name: 'Kept',
			metric: 'redis_down',
			comparator: '>=',
			threshold: 0,
			forSeconds: 0,
			severity: 'warning'
		});
		await waitFor(
			async () => (await api(h.baseUrl, 'GET', '/api/alerts/history?rule=Kept')).body.length > 0,
			5_000,
			'history'
		);
		const other = await startHarness(inject('redisUrl'), { ENABLE_ALERTS: 'true' });
		try {
			const hist = (await api(other.baseUrl, 'GET', '/api/alerts/history?rule=Kept')).body as {
				rule: string;
				to: string;
			}[];
			expect(hist.some((x) => x.to === 'firing')).toBe(true);
		} finally {
			await other.close();
		}
		expect((await api(h.baseUrl, 'GET', '/api/alerts/history?severity=loud')).status).toBe(400);
	});
});

describe('two dashboard nodes', () => {
	it('toast on both, notify once; the other node takes over when the sender stops', async () => {
		// beforeEach's FLUSHALL dropped the lease key: let the first node take it again before
		// the second starts, or both would hold it for a moment (a test artefact, not a takeover)
		await h.server.realtime.alerts!.lease.tick();
		const second = await startHarness(inject('redisUrl'), env());
		let stopped: Harness | null = null;
		try {
			const [s1, s2] = [await h.connect(), await second.connect()];
			const seen = [0, 0];
			s1.on('alert', (n) => n.to === 'firing' && seen[0]!++);
			s2.on('alert', (n) => n.to === 'firing' && seen[1]!++);
			await api(h.baseUrl, 'POST', '/api/alerts/rules', {
				name: 'Both',
				metric: 'pii_per_hour',
				comparator: '>',
				threshold: 0,
				forSeconds: 0,
				severity: 'critical',
				hysteresisPct: 0
			});
			await second.server.realtime.alerts!.load();
			await h.writer.lPush(KEYS.piiIncidents, incident());
			await waitFor(() => seen[0]! >= 1 && seen[1]! >= 1, 10_000, 'a toast on each node');
			await new Promise((r) => setTimeout(r, 1_500));
			const firing = hook.requests
				.filter((r) => JSON.parse(r.body).to === 'firing')
				.map((r) => JSON.parse(r.body).alert.ruleName);
			expect(firing).toEqual(['Both']);
			expect(
				[
					h.server.realtime.alerts!.lease.isLeader,
					second.server.realtime.alerts!.lease.isLeader
				].filter(Boolean)
			).toHaveLength(1);

			// the leader stops; the other node holds the lease within its expiry and sends from then on
			const leader = h.server.realtime.alerts!.lease.isLeader ? h : second;
			const follower = leader === h ? second : h;
			// (the lease is the node's, shared with the history writer: a node that dies stops both)
			await leader.server.realtime.alerts!.stop();
			await leader.server.realtime.lease.stop();
			stopped = leader;
			await waitFor(() => follower.server.realtime.alerts!.lease.isLeader, 10_000, 'takeover');
			await follower.writer.del(KEYS.piiIncidents);
			await waitFor(
				() => hook.requests.some((r) => JSON.parse(r.body).to === 'resolved'),
				10_000,
				'resolved sent by the new leader'
			);
		} finally {
			await second.close();
			// the first node serves the tests below: start it again if it was the one stopped
			if (stopped === h) {
				h.server.realtime.lease.start();
				h.server.realtime.alerts!.start();
			}
		}
	});
});

describe('rules from a file', () => {
	it('adds the rules of ALERT_RULES_FILE at start, and skips invalid ones with a warning', async () => {
		const { writeFileSync, mkdtempSync } = await import('node:fs');
		const { tmpdir } = await import('node:os');
		const file = `${mkdtempSync(`${tmpdir()}/helix-rules-`)}/rules.json`;
		writeFileSync(
			file,
			JSON.stringify([
				{
					name: 'From file',
					metric: 'request_rate',
					comparator: '>',
					threshold: 1000,
					severity: 'warning'
				},
				{ name: 'Broken', metric: 'nope' }
			])
		);
		const other = await startHarness(inject('redisUrl'), { ALERT_RULES_FILE: file });
		try {
			const names = other.server.realtime.alerts!.rules.list().map((r) => r.name);
			expect(names).toContain('From file');
			expect(names).not.toContain('Broken');
		} finally {
			await other.close();
		}
	});
});

describe('ENABLE_ALERTS=false', () => {
	it('turns the whole system off', async () => {
		const off = await startHarness(inject('redisUrl'), { ENABLE_ALERTS: 'false' });
		try {
			expect(off.server.realtime.alerts).toBeNull();
			expect((await fetch(`${off.baseUrl}/api/alerts`)).status).toBe(404);
			expect((await fetch(`${off.baseUrl}/api/alerts/rules`)).status).toBe(404);
		} finally {
			await off.close();
		}
	});
});
