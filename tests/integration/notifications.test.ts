// Keyspace notifications: turned on by the dashboard; switched off behind its back and
// restored; refused (managed Redis without CONFIG) and then reconcile-only, still right.
import { afterAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
	for (const c of cleanup.reverse()) await c();
});

async function setup(
	args: string[],
	env: Record<string, string>
): Promise<{ redis: RedisProcess; h: Harness }> {
	const redis = await startRedisServer(args);
	const h = await startHarness(redis.url, env);
	cleanup.push(
		() => redis.stop(),
		() => h.close()
	);
	return { redis, h };
}

describe('keyspace notifications', () => {
	it('adds the flags it needs and keeps flags someone else set', async () => {
		const { h } = await setup(['--notify-keyspace-events', 'Ex'], {});
		const flags = (await h.writer.sendCommand([
			'CONFIG',
			'GET',
			'notify-keyspace-events'
		])) as string[];
		expect(new Set(flags[1])).toEqual(new Set('ExKg$lzhte'));
	});

	it('notices notifications switched off behind its back and turns them on again', async () => {
		const { h } = await setup([], { REFRESH_INTERVAL: '0.5' });
		await h.writer.sendCommand(['CONFIG', 'SET', 'notify-keyspace-events', '']);
		await waitFor(
			async () => {
				const flags = (await h.writer.sendCommand([
					'CONFIG',
					'GET',
					'notify-keyspace-events'
				])) as string[];
				return flags[1]!.includes('K');
			},
			5_000,
			'flags restored'
		);
		const f = await h.follow('overview');
		await h.writer.set(KEYS.requestsTotal, '9');
		await f.until((s) => s.requestsTotal === 9);
	});

	it('runs reconcile-only when CONFIG is refused, says so, and its numbers are still right', async () => {
		const { h } = await setup(['--rename-command', 'CONFIG', ''], { REFRESH_INTERVAL: '0.5' });
		const health = h.server.realtime.health();
		expect(health.status).toBe('degraded');
		expect(health.redis.notifications).toBe('reconcile-only');
		expect(health.redis.detail).toMatch(/CONFIG/);
		const f = await h.follow('overview');
		await h.writer.set(KEYS.requestsTotal, '20');
		await h.writer.set(KEYS.cacheHits, '5');
		const s = await f.until(
			(s) => s.requestsTotal === 20 && s.cacheHits === 5,
			5_000,
			'reconciled values'
		);
		expect(s.hitRate).toBe(0.25);
		const res = await (await fetch(`${h.baseUrl}/api/health`)).json();
		expect(res.redis.notifications).toBe('reconcile-only');
	});
});
