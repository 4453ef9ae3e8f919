// A command connection's deadlines (redis/deadline.ts) hold for the clones node-redis makes of
// it: the daily sets' DUMP reads go through a withTypeMapping clone (blob strings as Buffers),
// and on a hung Redis (SIGSTOP on a test-owned redis-server) its commands must fail at once
// while the watchdog says so, and when it fails every waiting command — not wait for the
// socket, which a hung Redis keeps open. Without the clone's wrap they waited: a flush, and
// with it the server's close, hung behind them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESP_TYPES, createClient } from 'redis';
import { startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';
import type { RedisClient } from '../../src/lib/server/redis/client.ts';
import { DeadlineError, withDeadlines } from '../../src/lib/server/redis/deadline.ts';

let redis: RedisProcess;
let raw: ReturnType<typeof createClient>;

beforeAll(async () => {
	redis = await startRedisServer();
	raw = createClient({ url: redis.url });
	raw.on('error', () => {});
	await raw.connect();
	await raw.set('k', 'v');
});

afterAll(async () => {
	redis?.proc.kill('SIGCONT');
	raw?.destroy();
	await redis?.stop();
});

describe('deadlines on a client clone', () => {
	it('a withTypeMapping clone answers in its shape, fails fast while hung, and is failed by failAll', async () => {
		let hung = false;
		const d = withDeadlines(raw as unknown as RedisClient, () => hung, 60_000);
		const binary = d.client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
		expect(Buffer.isBuffer(await binary.get('k'))).toBe(true);

		redis.proc.kill('SIGSTOP');
		// waiting for a reply that a stopped Redis will not send: failAll ends it
		const waiting = binary.get('k');
		const plainWaiting = d.client.get('k');
		d.failAll();
		await expect(waiting).rejects.toBeInstanceOf(DeadlineError);
		await expect(plainWaiting).rejects.toBeInstanceOf(DeadlineError);
		// while the watchdog says hung, a clone's command fails at once
		hung = true;
		await expect(binary.eval('return 1', { keys: ['k'] })).rejects.toBeInstanceOf(DeadlineError);
		redis.proc.kill('SIGCONT');
	});
});
