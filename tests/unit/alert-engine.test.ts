import { describe, expect, it } from 'vitest';
import { AlertEngine, type Silence } from '../../src/lib/server/alerts/engine.ts';
import type { AlertRule } from '../../src/lib/shared/protocol/alerts.ts';

const rule = (over: Partial<AlertRule> = {}): AlertRule => ({
	id: 'r1',
	name: 'High',
	kind: 'threshold',
	metric: 'request_rate',
	comparator: '>',
	threshold: 100,
	forSeconds: 10,
	severity: 'warning',
	hysteresisPct: 10,
	repeatMinutes: 5,
	labels: {},
	enabled: true,
	...over
});
const S = 1000;

function run(
	e: AlertEngine,
	r: AlertRule,
	steps: [number, number | null][],
	silences: Silence[] = []
) {
	return steps.flatMap(([t, v]) =>
		e
			.evaluate(r, [{ value: v }], t, silences)
			.map((x) => `${t / S}:${x.from}->${x.to}${x.notify ? '!' : ''}${x.repeat ? 'R' : ''}`)
	);
}

describe('alert states', () => {
	it('goes pending, fires after the for-duration, and resolves past the hysteresis margin', () => {
		const e = new AlertEngine();
		expect(
			run(e, rule(), [
				[0, 150],
				[5 * S, 150],
				[10 * S, 150],
				[20 * S, 95],
				[30 * S, 89],
				[40 * S, 50]
			])
		).toEqual([
			'0:ok->pending',
			'10:pending->firing!',
			'30:firing->resolved!', // 95 is under 100 but within the 10% margin: still firing
			'40:resolved->ok'
		]);
	});

	it('does not flap for a value hovering at the threshold', () => {
		const e = new AlertEngine();
		const r = rule({ forSeconds: 0 });
		const t = run(
			e,
			r,
			[0, 1, 2, 3, 4, 5, 6].map((i) => [i * S, i % 2 ? 99 : 101] as [number, number])
		);
		expect(t).toEqual(['0:ok->pending', '0:pending->firing!']);
	});

	it('drops back to ok when the condition clears before the for-duration', () => {
		const e = new AlertEngine();
		expect(
			run(e, rule(), [
				[0, 150],
				[5 * S, 10]
			])
		).toEqual(['0:ok->pending', '5:pending->ok']);
	});

	it('repeats a long-firing alert, stops repeating once acknowledged', () => {
		const e = new AlertEngine();
		const r = rule({ forSeconds: 0, repeatMinutes: 1 });
		expect(
			run(e, r, [
				[0, 200],
				[30 * S, 200],
				[60 * S, 200]
			])
		).toEqual(['0:ok->pending', '0:pending->firing!', '60:firing->firing!R']);
		expect(e.acknowledge(e.active()[0]!.key, 'ops')).toMatchObject({ acknowledgedBy: 'ops' });
		expect(
			run(e, r, [
				[120 * S, 200],
				[180 * S, 200]
			])
		).toEqual([]);
		expect(run(e, r, [[190 * S, 10]])).toEqual(['190:firing->resolved!']);
	});

	it('moves states under a silence but notifies no one', () => {
		const e = new AlertEngine();
		const silence: Silence = {
			id: 's',
			ruleId: 'r1',
			until: 100 * S,
			reason: 'maintenance',
			by: 'ops'
		};
		expect(
			run(
				e,
				rule({ forSeconds: 0 }),
				[
					[0, 200],
					[200 * S, 10]
				],
				[silence]
			)
		).toEqual(['0:ok->pending', '0:pending->firing', '200:firing->resolved!']);
	});

	it('keeps one alert per label set and holds state when the value is unknown', () => {
		const e = new AlertEngine();
		const r = rule({ forSeconds: 0 });
		e.evaluate(
			r,
			[
				{ value: 200, labels: { budget: 'a' } },
				{ value: 1, labels: { budget: 'b' } }
			],
			0,
			[]
		);
		expect(e.active().map((a) => a.labels.budget)).toEqual(['a']);
		expect(e.evaluate(r, [{ value: null, labels: { budget: 'a' } }], S, [])).toEqual([]);
		expect(e.active()).toHaveLength(1);
	});

	it('fires an anomaly when the value departs from the expected by more than the tolerance', () => {
		const e = new AlertEngine();
		const r = rule({ kind: 'anomaly', forSeconds: 0 });
		expect(e.evaluate(r, [{ value: 12, expected: 10, tolerance: 5 }], 0, [])).toEqual([]);
		const t = e.evaluate(r, [{ value: 30, expected: 10, tolerance: 5 }], S, []);
		expect(t.at(-1)).toMatchObject({ to: 'firing', alert: { value: 30, expected: 10 } });
	});
});

describe('vanishing label sets', () => {
	it('resolves an alert whose label set is no longer sampled (a deleted budget)', () => {
		const e = new AlertEngine();
		const r = rule({ forSeconds: 0 });
		e.evaluate(r, [{ value: 200, labels: { budget: 'gone' } }], 0, []);
		expect(e.active()).toHaveLength(1);
		const t = e.evaluate(r, [], S, []);
		expect(t.map((x) => `${x.from}->${x.to}${x.notify ? '!' : ''}`)).toEqual(['firing->resolved!']);
		expect(e.active()).toEqual([]);
	});
});
