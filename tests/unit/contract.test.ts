import { describe, expect, it } from 'vitest';
import { classifyKey } from '../../src/lib/shared/contract/keys.ts';
import {
	isIsoDate,
	parseCounter,
	parseDailyZset,
	parseEvent,
	parseExactEntry,
	parseIncident,
	parseSeconds
} from '../../src/lib/shared/contract/parse.ts';
import { missingFlags } from '../../src/lib/server/redis/notifications.ts';

describe('data contract', () => {
	it('classifies every key family', () => {
		expect(classifyKey('helix:requests:total')).toBe('requestsTotal');
		expect(classifyKey('helix:requests:cache_hits')).toBe('cacheHits');
		expect(classifyKey('helix:latency:p99')).toBe('latencyMax');
		expect(classifyKey('helix:spend:user:None')).toBe('spendUser');
		expect(classifyKey('helix:spend:model:gpt-4o')).toBe('spendModel');
		expect(classifyKey('helix:exact:ab12')).toBe('exact');
		expect(classifyKey('helix:vector:1-2')).toBe('vector');
		expect(classifyKey('helix-dashboard:budgets')).toBe('unknown');
	});

	it('parses counters strictly; a missing key is zero', () => {
		expect(parseCounter(null)).toEqual({ ok: true, value: 0 });
		expect(parseCounter('12345')).toEqual({ ok: true, value: 12345 });
		for (const bad of ['-1', '1.5', 'abc', '', '1e3', '9'.repeat(20)])
			expect(parseCounter(bad).ok).toBe(false);
	});

	it('reads helix:latency:p99 as seconds', () => {
		expect(parseSeconds('2.5')).toEqual({ ok: true, value: 2.5 });
		expect(parseSeconds(null)).toEqual({ ok: true, value: null });
		expect(parseSeconds('NaN').ok).toBe(false);
		expect(parseSeconds('-1').ok).toBe(false);
	});

	it('keeps real dates and non-negative amounts in daily sorted sets', () => {
		const r = parseDailyZset([
			{ value: '2026-02-28', score: 1 },
			{ value: '2026-02-29', score: 1 }, // not a leap year
			{ value: '2024-02-29', score: 2 },
			{ value: 'today', score: 3 },
			{ value: '2026-03-01', score: -1 },
			{ value: '2026-03-02', score: NaN }
		]);
		expect([...r.days]).toEqual([
			['2026-02-28', 1],
			['2024-02-29', 2]
		]);
		expect(r.skipped).toBe(4);
		expect(isIsoDate('2026-13-01')).toBe(false);
	});

	it('parses recorder events and refuses bad ones with a short reason', () => {
		const ok = parseEvent('1700000000000-0', {
			model: 'gpt-4o',
			user: 'u1',
			team: 't',
			outcome: 'semantic',
			latency_ms: '12.5',
			similarity: '0.93',
			cost_usd: '0',
			saved_usd: '0.01'
		});
		expect(ok).toEqual({
			ok: true,
			value: {
				ts: 1700000000000,
				model: 'gpt-4o',
				user: 'u1',
				team: 't',
				outcome: 'semantic',
				latencyMs: 12.5,
				similarity: 0.93,
				tokensIn: null,
				tokensOut: null,
				costUsd: 0,
				savedUsd: 0.01,
				// issue 18's optional fields, absent in an older entry
				status: null,
				errorType: null,
				ttftMs: null,
				provider: null,
				requestId: null
			}
		});
		// and present: status, a short error code, time to first token, provider, request id
		const full = parseEvent('1700000000000-0', {
			outcome: 'miss',
			latency_ms: '900',
			status: 'error',
			error_type: 'rate_limit',
			ttft_ms: '120.5',
			provider: 'openai',
			request_id: 'r'.repeat(300)
		});
		expect(full.ok && full.value).toMatchObject({
			status: 'error',
			errorType: 'rate_limit',
			ttftMs: 120.5,
			provider: 'openai',
			requestId: 'r'.repeat(200)
		});
		expect(parseEvent('1-0', { outcome: 'miss', latency_ms: '1', status: 'maybe' })).toEqual({
			ok: false,
			error: 'bad status: "maybe" (ok or error)'
		});
		expect(
			parseEvent('1-0', { outcome: 'miss', latency_ms: '1', error_type: 'Free text, with PII' }).ok
		).toBe(false);
		expect(parseEvent('1-0', { outcome: 'hit', latency_ms: '1' })).toEqual({
			ok: false,
			error: 'bad outcome: "hit"'
		});
		expect(parseEvent('1-0', { outcome: 'miss' })).toEqual({
			ok: false,
			error: 'missing latency_ms'
		});
		const huge = parseEvent('1-0', { outcome: 'miss', latency_ms: 'x'.repeat(1_000_000) });
		expect(huge.ok || huge.error.length < 100).toBe(true);
		expect(parseEvent('1-0', { outcome: 'miss', latency_ms: '1', similarity: '1.5' }).ok).toBe(
			false
		);
	});

	it('normalises all three incident shapes and keeps free text for redaction', () => {
		const readme = parseIncident(
			'{"user_id":"123","entity_type":"CREDIT_CARD","timestamp":"2024-01-01T00:00:00Z"}'
		);
		expect(readme).toEqual({
			ok: true,
			value: {
				userId: '123',
				ts: Date.parse('2024-01-01T00:00:00Z'),
				entityType: 'CREDIT_CARD',
				action: null,
				texts: {}
			}
		});
		const published = parseIncident(
			'{"user_id":null,"timestamp":"bad","action":"redacted","content_preview":"mail me at a@b.co"}'
		);
		expect(published).toEqual({
			ok: true,
			value: {
				userId: 'None',
				ts: null,
				entityType: null,
				action: 'redacted',
				texts: { content_preview: 'mail me at a@b.co' }
			}
		});
		const notes = parseIncident('{"user_id":12345,"entity":"CREDIT_CARD","original":"4532..."}');
		expect(notes.ok && notes.value).toMatchObject({
			userId: '12345',
			entityType: 'CREDIT_CARD',
			texts: { original: '4532...' }
		});
		expect(parseIncident('{not json').ok).toBe(false);
		expect(parseIncident('[1,2]').ok).toBe(false);
		expect(parseIncident('null').ok).toBe(false);
	});

	it('reads exact-cache entries as a hash or as a plain JSON string', () => {
		expect(
			parseExactEntry({
				response: '…',
				model: 'gpt-4o',
				cost_usd: '0.00032',
				created_at: '1732642151'
			})
		).toEqual({
			model: 'gpt-4o',
			costUsd: 0.00032,
			createdAt: 1732642151000
		});
		expect(parseExactEntry('{"model":"gpt-4o-mini","created":1732642151}')).toEqual({
			model: 'gpt-4o-mini',
			costUsd: null,
			createdAt: 1732642151000
		});
		expect(parseExactEntry('not json')).toEqual({ model: null, costUsd: null, createdAt: null });
	});

	it('asks only for the notification flags that are missing', () => {
		expect(missingFlags('')).toBe('Kg$lzhtxe');
		expect(missingFlags('KEA')).toBe('');
		expect(missingFlags('Ex')).toBe('Kg$lzhte');
	});
});
