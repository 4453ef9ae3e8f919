// A budget forecast alert (issue 23): with a flat $10 a day and a $200 budget on the 10th of
// the month at noon, the month is projected at $310 (155%): the default rule "Budget projected
// to exceed" fires once, through the real engine and a real webhook receiver, saying the day
// the burn reaches the budget and by how much the month end exceeds it. Hand-computed:
//   spent: Dec 1–9 at $10 + $5 today = $95; the rest of today $5, Dec 11–31 21 × $10 = $210
//   month end $95 + $5 + $210 = $310 → 155%, over by $110.00
//   burn: ($70 + $5) over 7.5 days = $10/day; $105 left → 10.5 days → 2026-12-20
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import type { AlertNotice } from '../../src/lib/shared/protocol/alerts.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';
import { startHttpReceiver, type HttpReceiver } from '../helpers/receivers.ts';

const NOON = Date.UTC(2026, 11, 10, 12);
const clock = { now: () => NOON };
let h: Harness;
let hook: HttpReceiver;

const day = (d: number) =>
	`2026-${d <= 0 ? '11' : '12'}-${String(d <= 0 ? 30 + d : d).padStart(2, '0')}`;

beforeAll(async () => {
	hook = await startHttpReceiver();
	h = await startHarness(
		`${inject('redisUrl')}/8`,
		{ ALERT_WEBHOOK_URL: hook.url, ALERT_RETRIES: '0', TIMEZONE: 'UTC' },
		{ clock }
	);
	await h.writer.flushDb();
	// 28 complete days of $10 (Nov 12 – Dec 9) and $5 so far today
	for (let d = -18; d <= 9; d++) await h.writer.zAdd(KEYS.spendTotal, { value: day(d), score: 10 });
	await h.writer.zAdd(KEYS.spendTotal, { value: day(10), score: 5 });
	await h.server.realtime.alerts!.load();
	const b = await h.server.realtime.cost.budgets.create({
		name: 'Gateway',
		scope: 'gateway',
		monthlyUsd: 200
	});
	if (!b.ok) throw new Error(b.msg);
	await waitFor(
		() => {
			const v = h.server.realtime.store.dailySum(KEYS.spendTotal);
			if (v !== 285) throw new Error(`spend ${v}`);
			return true;
		},
		10_000,
		'spend read'
	);
});
afterAll(async () => {
	await h?.writer.flushDb();
	await h?.close();
	await hook?.close();
});

describe('budget forecast', () => {
	it('warns once that the month will exceed the budget, on which day and by how much', async () => {
		await h.server.realtime.alerts!.evaluate();
		await h.server.realtime.alerts!.evaluate();
		await waitFor(() => hook.requests.length > 0, 10_000, 'a notification');
		const notices = hook.requests
			.map((r) => JSON.parse(r.body) as AlertNotice & { text: string })
			.filter((n) => n.alert.ruleId === 'default-budget-forecast');
		expect(notices).toHaveLength(1);
		expect(notices[0]!.alert).toMatchObject({
			state: 'firing',
			severity: 'warning',
			labels: { budget: 'Gateway' },
			detail: 'projected to exceed on 2026-12-20, by $110.00 at month end'
		});
		expect(notices[0]!.alert.value).toBeCloseTo(155, 6);
		expect(notices[0]!.text).toBe(
			'[WARNING] Budget projected to exceed firing: value 155.0%; threshold 100.0%; budget=Gateway; projected to exceed on 2026-12-20, by $110.00 at month end'
		);
		// the month-to-date rule stays quiet: 47.5% spent
		expect(hook.requests.some((r) => r.body.includes('default-budget-exceeded'))).toBe(false);
	});
});
