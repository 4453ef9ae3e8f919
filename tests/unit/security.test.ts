import { describe, expect, it } from 'vitest';
import {
	complianceScore,
	regulations,
	timeBuckets
} from '../../src/lib/server/security/compliance.ts';
import { IncidentBook, toView } from '../../src/lib/server/security/incidents.ts';
import type { IncidentView } from '../../src/lib/shared/protocol/state/security.ts';

const inc = (over: Partial<IncidentView>): IncidentView => ({
	id: Math.random().toString(36),
	userId: 'u',
	ts: 0,
	entityType: 'EMAIL_ADDRESS',
	entitySource: 'recorded',
	action: 'redacted',
	handled: true,
	preview: '',
	fields: {},
	...over
});

describe('incident views', () => {
	it('redacts every free-text field and the user id, and classifies a missing entity type', () => {
		const v = toView(
			JSON.stringify({
				user_id: 'jane@corp.com',
				timestamp: '2026-01-01T10:00:00Z',
				action: 'logged',
				content_preview: 'card 4111 1111 1111 1111 pls',
				note: 'ssn 078-05-1120'
			})
		);
		expect(v).toMatchObject({
			userId: '[EMAIL_ADDRESS]',
			entityType: 'CREDIT_CARD',
			entitySource: 'classified',
			action: 'logged',
			handled: false,
			preview: 'card [CREDIT_CARD] pls',
			fields: { content_preview: 'card [CREDIT_CARD] pls', note: 'ssn [US_SSN]' }
		});
		expect(JSON.stringify(v)).not.toMatch(/4111|078-05|jane@/);
	});

	it('uses entity_type, then entity, then UNKNOWN', () => {
		expect(toView('{"entity_type":"CREDIT_CARD"}')).toMatchObject({
			entityType: 'CREDIT_CARD',
			entitySource: 'recorded'
		});
		expect(toView('{"user_id":12345,"entity":"US_SSN","original":"nothing here"}')).toMatchObject({
			entityType: 'US_SSN',
			userId: '12345',
			handled: null
		});
		expect(toView('{"content_preview":"hello"}')).toMatchObject({
			entityType: 'UNKNOWN',
			entitySource: 'unknown'
		});
	});

	it('orders by timestamp whichever end the writer pushed to, unknown times last, and counts bad records', () => {
		const rec = (t: string | null, p: string) =>
			JSON.stringify({ user_id: 'u', timestamp: t, content_preview: p });
		const book = new IncidentBook();
		const lpushed = [
			rec('2026-01-03T00:00:00Z', 'c'),
			rec('2026-01-02T00:00:00Z', 'b'),
			rec(null, 'x'),
			'{bad',
			'"a string"',
			rec('2026-01-01T00:00:00Z', 'a')
		];
		const set = book.update(lpushed);
		expect(set.incidents.map((i) => i.preview)).toEqual(['c', 'b', 'a', 'x']);
		expect(set.malformed).toBe(2);
		expect(book.update([...lpushed].reverse()).incidents.map((i) => i.preview)).toEqual([
			'c',
			'b',
			'a',
			'x'
		]);
	});

	it('keeps the same record pushed twice as two incidents with distinct ids', () => {
		const r = JSON.stringify({ user_id: 'u', timestamp: '2026-01-01T00:00:00Z' });
		const ids = new IncidentBook().update([r, r]).incidents.map((i) => i.id);
		expect(new Set(ids).size).toBe(2);
	});
});

describe('compliance score (known answers)', () => {
	it('is 100 with every incident handled and the rate under the threshold', () => {
		expect(complianceScore([inc({}), inc({})], 2, 10).score).toBe(100);
	});

	it('weights handling 0.5, rate 0.3 and high-risk exposure 0.2', () => {
		// H = 1/2, R = 10/20, E = 1/1 (the one card incident is unhandled)
		const list = [inc({}), inc({ entityType: 'CREDIT_CARD', action: 'logged', handled: false })];
		const c = complianceScore(list, 20, 10);
		expect(c).toEqual({
			score: 100 * (0.5 * 0.5 + 0.3 * 0.5 + 0.2 * 0),
			handledShare: 0.5,
			rateFactor: 0.5,
			highRiskUnhandledShare: 1
		});
	});

	it('treats an unknown action as unproven for high-risk data but leaves it out of the handled share', () => {
		const c = complianceScore([inc({ entityType: 'US_SSN', action: null, handled: null })], 1, 10);
		expect(c.handledShare).toBeNull();
		expect(c.highRiskUnhandledShare).toBe(1);
		expect(c.score).toBe(80);
	});
});

describe('regulatory status', () => {
	it('maps entity types and actions to each regulation with its rule', () => {
		const rows = Object.fromEntries(
			regulations([
				inc({ entityType: 'CREDIT_CARD', handled: false, action: 'logged' }),
				inc({ entityType: 'EMAIL_ADDRESS' })
			]).map((r) => [r.regulation, r])
		);
		expect(rows['PCI-DSS']).toMatchObject({ status: 'attention', relevant: 1, unhandled: 1 });
		expect(rows.HIPAA).toMatchObject({ status: 'not applicable', relevant: 0 });
		expect(rows.GDPR).toMatchObject({ status: 'attention', relevant: 2, unhandled: 1 });
		expect(rows.CCPA!.entityTypes).toEqual(['CREDIT_CARD', 'EMAIL_ADDRESS']);
		expect(
			regulations([inc({ entityType: 'US_SSN' })]).find((r) => r.regulation === 'HIPAA')!.status
		).toBe('ok');
	});
});

describe('time buckets', () => {
	it('counts per hour in the zone and per day at exact day boundaries', () => {
		const now = Date.parse('2026-01-02T00:30:00Z');
		const list = [
			inc({ ts: Date.parse('2026-01-01T23:59:59Z') }),
			inc({ ts: Date.parse('2026-01-02T00:00:00Z') }),
			inc({ ts: Date.parse('2026-01-02T00:10:00Z') })
		];
		const utc = timeBuckets(list, now, 'UTC', 10);
		expect(utc.perDay.map((d) => [d.date, d.count])).toEqual([
			['2026-01-01', 1],
			['2026-01-02', 2]
		]);
		expect(utc.perHour.at(-1)!.count).toBe(2);
		expect(utc.lastHourCount).toBe(3);
		const plus1 = timeBuckets(list, now, '+01:00', 10);
		expect(plus1.perDay.map((d) => [d.date, d.count])).toEqual([['2026-01-02', 3]]);
	});
});
