// Redis killed and restarted while the gateway keeps writing (300 requests/s from the
// recorder, AOF with fsync always so Redis keeps every acknowledged write): the dashboard
// recovers within seconds and every total equals what Redis holds afterwards.
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';
import { startSimulator } from '../../src/lib/recorder/simulator.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

let redis: RedisProcess;
let h: Harness;

beforeAll(async () => {
	redis = await startRedisServer(['--appendonly', 'yes', '--appendfsync', 'always']);
	// a 10-minute reconcile period: only the resync on reconnect may repair the outage
	h = await startHarness(redis.url, { REFRESH_INTERVAL: '600' });
});
afterAll(async () => {
	await h?.close();
	await redis?.stop();
});

describe('Redis restart under load', () => {
	it('recovers within seconds and ends equal to Redis', async () => {
		const overview = await h.follow('overview');
		const gw = createClient({ url: redis.url, socket: { reconnectStrategy: () => 100 } });
		gw.on('error', () => {});
		await gw.connect();
		let failed = 0;
		const sim = startSimulator(gw, {
			rate: 300,
			users: 40,
			piiRate: 0.02,
			timezoneOffset: 0,
			onError: () => failed++
		});
		await overview.until((s) => (s.requestsTotal ?? 0) > 300, 10_000, 'load flowing');

		await redis.kill();
		// the dashboard sees the outage (the gateway's writes queue in its client meanwhile)
		await waitFor(
			() => !h.server.realtime.health().redis.connected,
			5_000,
			'dashboard notices Redis down'
		);
		await new Promise((r) => setTimeout(r, 2_000));
		await redis.restart();
		const t0 = Date.now();
		await waitFor(
			() => {
				const hl = h.server.realtime.health();
				return hl.redis.connected && hl.redis.notifications === 'on';
			},
			10_000,
			'dashboard back on Redis'
		);
		const recoveryMs = Date.now() - t0;
		const before = overview.state().requestsTotal ?? 0;
		await overview.until(
			(s) => (s.requestsTotal ?? 0) > before + 300,
			10_000,
			'live again under load'
		);

		await sim.stop();
		await new Promise((r) => setTimeout(r, 1_000));
		const [total, hits, incidents, spend] = await Promise.all([
			h.writer.get(KEYS.requestsTotal),
			h.writer.get(KEYS.cacheHits),
			h.writer.lLen(KEYS.piiIncidents),
			h.writer.zRangeWithScores(KEYS.spendTotal, 0, -1)
		]);
		const s = await overview.until(
			(s) => s.requestsTotal === Number(total),
			5_000,
			'totals settle'
		);
		expect(recoveryMs).toBeLessThan(5_000);
		expect(s.cacheHits).toBe(Number(hits));
		expect(s.piiIncidents).toBe(incidents);
		expect(s.spendTotalUsd).toBeCloseTo(
			spend.reduce((a, m) => a + m.score, 0),
			6
		);
		expect(s.problems).toEqual([]);
		console.log(
			`reliability: Redis restart under 300 req/s, dashboard back on Redis ${recoveryMs} ms after the restart; ${failed} gateway writes failed during the outage`
		);
		await gw.close();
	});
});
