// The SRE workbook's multiwindow, multi-burn-rate alerts, replayed minute by minute through
// the whole server (issue 23): an injected clock, known traffic XADDed to helix:events each
// minute, the real history writer rolling it up, the objectives recomputed from the rollups,
// the real alert engine with the default SLO rules, and a real webhook receiver. Each alert
// fires and resolves at the minute the workbook's arithmetic gives (worked out below).
//
// Traffic: 110 requests a minute, all with a status, 6 h of it clean before minute B, then
// 3 errors a minute for 60 minutes (2.73%), then clean again. Objective: 99.9% availability
// (an error budget of 0.1%), 28 days. At minute B + k (k error minutes so far, k ≤ 60):
//   5 min burn  = 3·min(k,5) / 550 / 0.001            → 16.4× from k = 3
//   1 h burn    = 3k / 6,600 / 0.001 = k / 2.2         → ≥ 14.4 at k = 32 (14.5; 14.1 at 31)
//     fast pair (1 h & 5 min ≥ 14.4): FIRES at B+32
//   after the errors stop, 5 min burn at B+60+j = 5.45·(5−j) → 10.9 < 14.4 at j = 3:
//     fast pair RESOLVES at B+63
//   6 h burn    = 3k / 39,600 / 0.001 = k / 13.2       → at most 4.5 (k = 60) < 6:
//     medium pair (6 h & 30 min ≥ 6) never fires
//   3 d burn    = 3k / (39,600 + 110k) / 0.001         → ≥ 1 at k = 14 (1.02; 0.95 at 13)
//     slow pair (3 d & 6 h ≥ 1) FIRES at B+14 (6 h: 1.06)
//   6 h burn at B+x (x ≥ 360) = 3·(420 − x) / 39,600 / 0.001 = (420 − x) / 13.2
//                            → 0.98 < 1 at x = 407 (1.06 at 406):
//     slow pair RESOLVES at B+407
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import type { AlertNotice } from '../../src/lib/shared/protocol/alerts.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { startHttpReceiver, type HttpReceiver } from '../helpers/receivers.ts';

const M = 60_000;
/** minute B: whole minute, 8 hours ago (everything replayed stays in the past) */
const B = Math.floor((Date.now() - 8 * 60 * M) / M) * M;
const clock = { t: B - 360 * M, now: () => clock.t };

let h: Harness;
let hook: HttpReceiver;

function minute(batch: ReturnType<Harness['writer']['multi']>, m: number, errors: number) {
	for (let i = 0; i < 110; i++)
		batch.xAdd(KEYS.events, `${m + i * 500}-0`, {
			model: 'gpt-4o',
			outcome: 'miss',
			latency_ms: '100',
			cost_usd: '0.0001',
			status: i < errors ? 'error' : 'ok'
		});
}

async function settle(now: number) {
	clock.t = now;
	const { history, slo, alerts } = h.server.realtime;
	for (let i = 0; i < 20 && (await history!.writer.round()); i++);
	await slo.refresh();
	await alerts!.evaluate();
}

beforeAll(async () => {
	hook = await startHttpReceiver();
	h = await startHarness(
		`${inject('redisUrl')}/8`,
		{ ALERT_WEBHOOK_URL: hook.url, ALERT_RETRIES: '0' },
		{ clock }
	);
	await h.writer.flushDb();
	await h.server.realtime.alerts!.load();
	const made = await h.server.realtime.slo.objectives.create({
		name: 'Gateway availability',
		sli: 'availability',
		objective: 99.9
	});
	if (!made.ok) throw new Error(made.msg);
	// six clean hours before B, rolled up in one go
	const pre = h.writer.multi();
	for (let m = B - 360 * M; m < B; m += M) minute(pre, m, 0);
	await pre.exec();
	await settle(B);
}, 60_000);
afterAll(async () => {
	await h?.writer.flushDb();
	await h?.close();
	await hook?.close();
});

describe('burn-rate alerts, replayed', () => {
	it('fire and resolve at the minutes the workbook’s arithmetic gives', async () => {
		for (let x = 0; x < 410; x++) {
			const batch = h.writer.multi();
			minute(batch, B + x * M, x < 60 ? 3 : 0);
			await batch.exec();
			await settle(B + (x + 1) * M);
		}
		// what the webhook received for the SLO rules, as "<rule> <to> at B+<minute>"
		const notices = hook.requests
			.map((r) => JSON.parse(r.body) as AlertNotice)
			.filter((n) => n.alert.ruleId.startsWith('default-slo-burn-'));
		const seen = notices
			.filter((n) => !n.repeat)
			.map(
				(n) => `${n.alert.ruleId.slice('default-slo-burn-'.length)} ${n.to} at B+${(n.at - B) / M}`
			);
		expect(seen).toEqual([
			'slow firing at B+14',
			'fast firing at B+32',
			'fast resolved at B+63',
			'slow resolved at B+407'
		]);
		// the ticket stays unacknowledged: it repeats every repeatMinutes (60) while it fires
		expect(notices.filter((n) => n.repeat).map((n) => (n.at - B) / M)).toEqual([
			74, 134, 194, 254, 314, 374
		]);
		const labels = hook.requests
			.map((r) => JSON.parse(r.body) as AlertNotice)
			.find((n) => n.alert.ruleId === 'default-slo-burn-fast')!.alert.labels;
		expect(labels).toEqual({ slo: 'Gateway availability' });
	}, 240_000);
});
