// Security room against a real Redis: redacted feed in timestamp order, breakdowns,
// settings validated and persisted, bad records skipped and counted.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { SETTINGS_KEY } from '../../src/lib/server/security/settings.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
	h = await startHarness(inject('redisUrl'));
});
afterAll(async () => h?.close());
beforeEach(async () => {
	await h.reset();
});

const at = (iso: string) => new Date(iso).toISOString();

describe('Security room', () => {
	it('shows a redacted feed, newest first, from LPUSH and RPUSH writers alike', async () => {
		const f = await h.follow('security');
		const now = Date.now();
		// the published gateway: LPUSH, content_preview with raw PII, no entity type
		await h.writer.lPush(
			KEYS.piiIncidents,
			JSON.stringify({
				user_id: 'u1',
				timestamp: at(new Date(now - 60_000).toISOString()),
				action: 'redacted',
				content_preview: 'mail me: bob@example.com'
			})
		);
		// the README: RPUSH with entity_type; and the design notes' shape
		await h.writer.rPush(
			KEYS.piiIncidents,
			JSON.stringify({
				user_id: '123',
				entity_type: 'CREDIT_CARD',
				timestamp: at(new Date(now - 30_000).toISOString())
			})
		);
		await h.writer.rPush(
			KEYS.piiIncidents,
			JSON.stringify({
				user_id: 12345,
				entity: 'US_SSN',
				original: '078-05-1120',
				timestamp: now - 10_000
			})
		);
		await h.writer.rPush(KEYS.piiIncidents, [
			'{broken',
			'\u0000\u0001binary',
			'x'.repeat(1_000_000)
		]);
		const s = await f.until(
			(s) => s.total === 3 && s.malformed === 3,
			5_000,
			'three incidents and three bad records'
		);
		expect(s.feed.map((i) => i.entityType)).toEqual(['US_SSN', 'CREDIT_CARD', 'EMAIL_ADDRESS']);
		expect(s.feed[0]).toMatchObject({
			userId: '12345',
			entitySource: 'recorded',
			preview: '[US_SSN]',
			handled: null
		});
		expect(s.feed[2]).toMatchObject({
			entitySource: 'classified',
			preview: 'mail me: [EMAIL_ADDRESS]',
			handled: true
		});
		expect(s.byEntity.map((e) => e.count)).toEqual([1, 1, 1]);
		expect(s.lastHourCount).toBe(3);
		expect(s.regulations.find((r) => r.regulation === 'PCI-DSS')).toMatchObject({
			status: 'attention',
			relevant: 1,
			unhandled: 1
		});
		expect(JSON.stringify(s)).not.toMatch(/bob@example|078-05-1120/);
	});

	it('validates settings with clear errors, saves them in Redis and applies them live', async () => {
		const put = (body: unknown) =>
			fetch(`${h.baseUrl}/api/security/settings`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: typeof body === 'string' ? body : JSON.stringify(body)
			});
		for (const [body, msg] of [
			[{ incidentThresholdPerHour: 0, notificationMethods: [] }, /at least 1/],
			[{ incidentThresholdPerHour: 2.5, notificationMethods: [] }, /whole number/],
			[{ incidentThresholdPerHour: 'ten', notificationMethods: [] }, /must be a number/],
			[
				{ incidentThresholdPerHour: 5, notificationMethods: ['pager'] },
				/only email, slack, webhook/
			],
			[
				{ incidentThresholdPerHour: 5, notificationMethods: [], extra: 1 },
				/unknown field\(s\): extra/
			],
			['{not json', /must be JSON/]
		] as const) {
			const res = await put(body);
			expect(res.status).toBe(400);
			expect((await res.json()).error).toMatch(msg);
		}
		expect(await h.writer.get(SETTINGS_KEY)).toBeNull(); // nothing saved by a bad request
		const f = await h.follow('security');
		const ok = await put({
			incidentThresholdPerHour: 2,
			notificationMethods: ['slack', 'email', 'slack']
		});
		expect(ok.status).toBe(200);
		expect(await ok.json()).toEqual({
			incidentThresholdPerHour: 2,
			notificationMethods: ['slack', 'email']
		});
		expect(JSON.parse((await h.writer.get(SETTINGS_KEY))!)).toEqual({
			incidentThresholdPerHour: 2,
			notificationMethods: ['slack', 'email']
		});
		await f.until((s) => s.settings.incidentThresholdPerHour === 2);
		// three incidents in the last hour against a threshold of 2: the rate factor drops
		for (let i = 0; i < 3; i++)
			await h.writer.lPush(
				KEYS.piiIncidents,
				JSON.stringify({ user_id: 'u', timestamp: new Date().toISOString(), action: 'blocked' })
			);
		const s = await f.until((s) => s.total === 3);
		expect(s.compliance.rateFactor).toBeCloseTo(2 / 3, 10);
	});

	it('keeps settings across a restart of the dashboard', async () => {
		await h.writer.set(
			SETTINGS_KEY,
			JSON.stringify({ incidentThresholdPerHour: 42, notificationMethods: ['webhook'] })
		);
		const other = await startHarness(inject('redisUrl'));
		try {
			expect(other.server.realtime.security.settings()).toEqual({
				incidentThresholdPerHour: 42,
				notificationMethods: ['webhook']
			});
		} finally {
			await other.close();
		}
	});
});
