// One formatter per kind of number (issue 20): money that never reads as zero and lines up,
// exact counts, percentages, durations, exports without float noise, alert values with the
// rule's unit, and ties at a cut ordered by name.
import { describe, expect, it } from 'vitest';
import { summary } from '../../src/lib/server/alerts/channels/channel.ts';
import { byEntity } from '../../src/lib/server/security/compliance.ts';
import { parseCounter } from '../../src/lib/shared/contract/parse.ts';
import {
	exactNumber,
	formatDecimal,
	formatInt,
	formatPct,
	formatQuantity,
	formatUsd
} from '../../src/lib/shared/format.ts';
import { alertFigures, type AlertView } from '../../src/lib/shared/protocol/alerts.ts';
import type { IncidentView } from '../../src/lib/shared/protocol/state/security.ts';

describe('money', () => {
	it('never shows a non-zero amount as $0.00', () => {
		for (const v of [0.0000003, 0.00032, 0.004, 0.0099])
			expect(formatUsd(v), String(v)).not.toMatch(/^\$0\.00$/);
		expect(formatUsd(0.0000003)).toBe('$0.0000003');
		expect(formatUsd(0)).toBe('$0.00');
	});

	it('gives $1 and more two decimals, and less than $1 three significant digits', () => {
		expect(formatUsd(74.2149)).toBe('$74.21'); // the NOC showed $74.2149
		expect(formatUsd(1.636)).toBe('$1.64');
		expect(formatUsd(1.8453)).toBe('$1.85');
		expect(formatUsd(1234567.891)).toBe('$1,234,567.89');
		expect(formatUsd(0.334)).toBe('$0.334');
		expect(formatUsd(0.3322)).toBe('$0.332'); // was $0.3322 beside $0.334
		expect(formatUsd(0.5)).toBe('$0.50');
		expect(formatUsd(0.9999)).toBe('$1.00');
		expect(formatUsd(-0.25)).toBe('-$0.25');
		expect(formatUsd(null)).toBe('—');
		expect(formatUsd(Number.NaN)).toBe('—');
	});
});

describe('other kinds of number', () => {
	it('prints counts exactly with separators, and percentages and decimals as asked', () => {
		expect(formatInt(1234567890123456)).toBe('1,234,567,890,123,456');
		expect(formatPct(563.1400136000001, 1)).toBe('563.1%');
		expect(formatPct(99.5, 0)).toBe('100%');
		expect(formatDecimal(12.345, 1)).toBe('12.3');
	});

	it('writes exports at full precision without binary-float noise', () => {
		expect(exactNumber(0.13839774999999999)).toBe(0.13839775);
		expect(exactNumber(0.1 + 0.2)).toBe(0.3);
		expect(exactNumber(0.0000003)).toBe(0.0000003);
		expect(exactNumber(1234567.891)).toBe(1234567.891);
		expect(exactNumber(42)).toBe(42);
	});

	it('accepts a counter up to 2^63 − 1', () => {
		expect(parseCounter('1234567890123456')).toEqual({ ok: true, value: 1234567890123456 });
		expect(parseCounter('9223372036854775807').ok).toBe(true);
		expect(parseCounter('9223372036854775808').ok).toBe(false);
	});
});

describe('alert values', () => {
	const alert = (over: Partial<AlertView>): AlertView => ({
		key: 'k',
		ruleId: 'r',
		ruleName: 'Budget exceeded',
		metric: 'budget_burn_pct',
		severity: 'critical',
		labels: { budget: 'Search' },
		state: 'firing',
		value: 563.1400136000001,
		expected: null,
		threshold: 100,
		since: 0,
		firedAt: 0,
		acknowledgedBy: null,
		silencedUntil: null,
		...over
	});

	it('carry the rule\'s unit (was "value 563.14 · threshold 100" for a percentage)', () => {
		expect(alertFigures(alert({}))).toBe('value 563.1% · threshold 100.0%');
		expect(alertFigures(alert({ metric: 'latency_p95_ms', value: 812.4, threshold: 500 }))).toBe(
			'value 812 ms · threshold 500 ms'
		);
		expect(
			alertFigures(alert({ metric: 'spend_per_min_usd', value: 0.0421, threshold: 0.02 }))
		).toBe('value $0.0421/min · threshold $0.02/min');
		expect(alertFigures(alert({ metric: 'redis_down', value: 1, threshold: 1 }))).toBe(
			'value yes · threshold yes'
		);
		expect(
			alertFigures(alert({ metric: 'request_rate', value: 12.5, expected: 40.25, threshold: 3 }))
		).toBe('value 12.5/s · expected 40.25/s');
		expect(formatQuantity(754, 's')).toBe('12 min 34 s');
	});

	it('say the same in every channel message', () => {
		const text = summary({ alert: alert({}), from: 'pending', to: 'firing', repeat: false, at: 0 });
		expect(text).toBe(
			'[CRITICAL] Budget exceeded firing: value 563.1%; threshold 100.0%; budget=Search'
		);
	});
});

describe('ties at a cut', () => {
	it('are ordered by name', () => {
		const inc = (entityType: string): IncidentView => ({
			id: entityType,
			userId: 'u',
			ts: 0,
			entityType,
			entitySource: 'recorded',
			action: null,
			handled: null,
			preview: '',
			fields: {}
		});
		const list = ['US_SSN', 'IBAN', 'EMAIL_ADDRESS', 'IBAN', 'CREDIT_CARD'].map(inc);
		expect(byEntity(list).map((e) => e.entityType)).toEqual([
			'IBAN',
			'CREDIT_CARD',
			'EMAIL_ADDRESS',
			'US_SSN'
		]);
	});
});
