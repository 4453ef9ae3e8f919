// System Health room and /metrics against a real Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { parsePrometheus, valueOf } from '../helpers/prometheus.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

let redis: RedisProcess;
let h: Harness;

beforeAll(async () => {
	redis = await startRedisServer();
	h = await startHarness(redis.url, { SYSTEM_SAMPLE_MS: '300', GATEWAY_STALE_AFTER: '60' });
});
afterAll(async () => {
	await h?.close();
	await redis?.stop();
});

const scrape = async () => {
	const res = await fetch(`${h.baseUrl}/metrics`);
	expect(res.headers.get('content-type')).toMatch(/text\/plain/);
	return parsePrometheus(await res.text());
};

describe('System Health room', () => {
	it('samples only while someone watches', async () => {
		expect(h.server.realtime.sampler.active).toBe(false);
		const f = await h.follow('system');
		await waitFor(() => h.server.realtime.sampler.active, 2_000, 'sampler to start');
		const s = await f.until(
			(s) => s.host !== null && s.redis !== null && s.process !== null,
			10_000,
			'first sample'
		);
		expect(s.host!.cpu.perCorePct.length).toBeGreaterThan(0);
		expect(s.host!.memory.totalBytes).toBeGreaterThan(0);
		expect(s.host!.disks.length).toBeGreaterThan(0);
		expect(s.redis!.version).toMatch(/^\d+\.\d+/);
		expect(s.redis!.notifyFlags).toContain('K');
		expect(s.services.map((x) => [x.name, x.status])).toContainEqual(['Redis', 'ok']);
		// a series point per sample
		await f.until(() => f.sync.view!.series.length >= 2, 10_000, 'two series points');
		f.socket.disconnect();
		await waitFor(
			() => !h.server.realtime.sampler.active,
			3_000,
			'sampler to stop when nobody watches'
		);
		const n = h.server.realtime.sampler.samples;
		await new Promise((r) => setTimeout(r, 700));
		expect(h.server.realtime.sampler.samples).toBe(n);
	});

	it('turns Redis red within seconds when it stops, and green when it returns', async () => {
		const f = await h.follow('system');
		await f.until((s) => s.services.find((x) => x.name === 'Redis')?.status === 'ok');
		await redis.kill();
		const down = await f.until(
			(s) => s.services.find((x) => x.name === 'Redis')?.status === 'down',
			5_000,
			'Redis down'
		);
		expect(down.redis).toBeNull();
		await redis.restart();
		await f.until(
			(s) => s.services.find((x) => x.name === 'Redis')?.status === 'ok' && s.redis !== null,
			10_000,
			'Redis back'
		);
		// the outage was logged, grouped, and the log tail carries it
		const logs = f.state().logs;
		expect(logs.byLevel.warn).toBeGreaterThan(0);
		expect(logs.errors.some((e) => e.module === 'redis' || e.module === 'realtime')).toBe(true);
	});

	it('reports the gateway as writing once a write arrives', async () => {
		const f = await h.follow('system');
		await h.writer.incr(KEYS.requestsTotal);
		const s = await f.until(
			(s) => s.services.find((x) => x.name === 'Gateway')?.status === 'ok',
			5_000,
			'gateway ok'
		);
		expect(s.services.find((x) => x.name === 'Gateway')!.detail).toMatch(/last write \d+ s ago/);
	});
});

describe('/metrics', () => {
	it('parses, and its gateway figures and counters move with real writes', async () => {
		const before = await scrape();
		expect(before.types.get('helix_dashboard_flush_duration_seconds')).toBe('histogram');
		expect(before.types.get('helix_dashboard_deltas_emitted_total')).toBe('counter');
		const flushes0 = valueOf(before.samples, 'helix_dashboard_flush_duration_seconds_count') ?? 0;
		const deltas0 =
			valueOf(before.samples, 'helix_dashboard_deltas_emitted_total', { room: 'overview' }) ?? 0;
		const f = await h.follow('overview');
		await h.writer.set(KEYS.requestsTotal, '500');
		await h.writer.set(KEYS.cacheHits, '125');
		await h.writer.zIncrBy(KEYS.spendTotal, 2.5, '2026-01-01');
		await h.writer.xAdd(KEYS.events, '*', {
			model: 'm',
			user: 'u',
			outcome: 'semantic',
			latency_ms: '40'
		});
		await f.until(
			(s) => s.requestsTotal === 500 && s.cacheHits === 125 && s.latency?.source === 'events'
		);
		const after = await scrape();
		expect(valueOf(after.samples, 'helix_gateway_requests')).toBe(500);
		expect(valueOf(after.samples, 'helix_gateway_cache_hits')).toBe(125);
		expect(valueOf(after.samples, 'helix_gateway_spend_usd')).toBeGreaterThanOrEqual(2.5);
		expect(valueOf(after.samples, 'helix_gateway_events_by_outcome', { outcome: 'semantic' })).toBe(
			1
		);
		expect(valueOf(after.samples, 'helix_gateway_latency_ms', { quantile: '0.5' })).toBe(40);
		expect(valueOf(after.samples, 'helix_dashboard_flush_duration_seconds_count')!).toBeGreaterThan(
			flushes0
		);
		expect(
			valueOf(after.samples, 'helix_dashboard_deltas_emitted_total', { room: 'overview' })!
		).toBeGreaterThan(deltas0);
		expect(valueOf(after.samples, 'helix_dashboard_redis_up')).toBe(1);
		expect(valueOf(after.samples, 'helix_dashboard_redis_reconnects_total')).toBeGreaterThanOrEqual(
			1
		); // from the test above
		// bounded cardinality: no user or model labels anywhere
		expect(after.samples.some((s) => 'user' in s.labels || 'model' in s.labels)).toBe(false);
	});
});
