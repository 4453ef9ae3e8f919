// The large data set of the Cost/Users issue: 10,000 users, 50 models, 400 days of history.
// Measures the time from server start to a complete first snapshot (every user counted, no key
// left to read: bench/lib.ts waitLoaded), the time to join the heavy rooms, and the Redis
// commands the dashboard issued to get there (INFO commandstats).
import { createClient } from 'redis';
import { io as ioClient } from 'socket.io-client';
import type { RedisProcess } from '../scripts/lib/redis-server.ts';
import { startServerProcess } from '../scripts/lib/server-process.ts';
import { KEYS, spendModelKey, spendUserKey } from '../src/lib/shared/contract/keys.ts';
import { dateInZone } from '../src/lib/shared/time.ts';
import { waitLoaded } from './lib.ts';

export interface LargeResult {
	users: number;
	models: number;
	days: number;
	seedSeconds: number;
	firstSnapshotMs: number;
	joinCostMs: number;
	joinUsersMs: number;
	redisCommands: number;
	commandsByType: Record<string, number>;
	serverRssMb: number | null;
}

async function commandStats(c: ReturnType<typeof createClient>): Promise<Map<string, number>> {
	const m = new Map<string, number>();
	for (const line of (await c.info('commandstats')).split('\n')) {
		const r = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
		if (r) m.set(r[1]!, Number(r[2]));
	}
	return m;
}

export async function runLarge(
	redis: RedisProcess,
	opts = { users: 10_000, models: 50, days: 400 }
): Promise<LargeResult> {
	const c = createClient({ url: redis.url });
	await c.connect();
	await c.flushAll();
	const t0 = performance.now();
	const now = Date.now();
	const dates = Array.from({ length: opts.days }, (_, i) =>
		dateInZone(now - i * 86_400_000, 'UTC')
	);
	const members = (scale: number) =>
		dates.map((d, i) => ({
			value: d,
			score: Math.round(scale * (1 + ((i * 7919) % 13)) * 1000) / 1000
		}));
	const teams: Record<string, string> = {};
	for (let u = 0; u < opts.users; u += 250) {
		const batch = [];
		for (let k = u; k < Math.min(opts.users, u + 250); k++) {
			batch.push(c.zAdd(spendUserKey(`user${k}`), members(0.01 + (k % 17) * 0.003)));
			teams[`user${k}`] = `team${k % 40}`;
		}
		await Promise.all(batch);
	}
	await Promise.all(
		Array.from({ length: opts.models }, (_, m) =>
			c.zAdd(spendModelKey(`model-${m}`), members(0.5 + m * 0.1))
		)
	);
	await c.zAdd(KEYS.spendTotal, members(50));
	await c.hSet(KEYS.userTeams, teams);
	const seedSeconds = (performance.now() - t0) / 1000;
	await c.sendCommand(['CONFIG', 'RESETSTAT']);

	const started = performance.now();
	const server = await startServerProcess({
		REDIS_URL: redis.url,
		LOG_FILE: 'false',
		ENTITY_RECONCILE_INTERVAL: '3600'
	});
	let firstSnapshotMs = NaN;
	try {
		firstSnapshotMs = await waitLoaded(server.url, opts.users, started, 300_000, 50);
		const stats = await commandStats(c);
		const socket = ioClient(server.url, { transports: ['websocket'] });
		await new Promise<void>((r) => socket.once('connect', () => r()));
		const timeJoin = async (room: 'cost' | 'users') => {
			const t = performance.now();
			const reply = await socket.timeout(60_000).emitWithAck('join', room);
			if (!reply.ok) throw new Error(reply.msg);
			return performance.now() - t;
		};
		const joinCostMs = await timeJoin('cost');
		const joinUsersMs = await timeJoin('users');
		socket.disconnect();
		const rss = /"rss":(\d+)/.exec(server.logs.join('\n'));
		const commandsByType = Object.fromEntries(
			[...stats].filter(([k]) => !['info', 'config|resetstat', 'config'].includes(k))
		);
		return {
			...opts,
			seedSeconds: Math.round(seedSeconds * 10) / 10,
			firstSnapshotMs: Math.round(firstSnapshotMs),
			joinCostMs: Math.round(joinCostMs),
			joinUsersMs: Math.round(joinUsersMs),
			redisCommands: Object.values(commandsByType).reduce((a, b) => a + b, 0),
			commandsByType,
			serverRssMb: rss ? Math.round(Number(rss[1]) / 1e6) : null
		};
	} finally {
		await server.stop();
		await c.flushAll();
		await c.close();
	}
}
