// A flush applies its reads in slices and yields between them (issue 22): with 200,000 users
// a flush of 2,000 user keys took 200–640 ms in one piece, and every socket and HTTP request
// waited that long. With the slice at 0 ms a flush yields after every key: something that
// runs meanwhile (a setImmediate, as a request would) sees the store part-applied — it could
// never do so if the apply ran in one piece. Until the flush is applied its keys count as
// pending (/api/health pipeline.pending). A real redis-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';
import type { Collector } from '../../src/lib/server/pipeline/collector.ts';
import { Store } from '../../src/lib/server/pipeline/store.ts';
import { spendUserKey } from '../../src/lib/shared/contract/keys.ts';
import { dateInZone } from '../../src/lib/shared/time.ts';
import { testCollector } from '../helpers/collector.ts';

let redis: RedisProcess;
let c: ReturnType<typeof createClient>;
const N = 1_000;

beforeAll(async () => {
	redis = await startRedisServer();
	c = createClient({ url: redis.url });
	await c.connect();
	const m = c.multi();
	const today = dateInZone(Date.now(), 'UTC');
	for (let i = 0; i < N; i++) m.zAdd(spendUserKey(`u${i}`), { value: today, score: 0.01 });
	await m.exec();
});

afterAll(async () => {
	await c?.close();
	await redis?.stop();
});

const collector = (store: Store, applySliceMs?: number) =>
	testCollector(c, store, { applySliceMs });

/** Flushes N dirty user keys; returns the user counts (and the collector's pending keys) a
 * setImmediate loop saw meanwhile. */
async function flushWatched(
	store: Store,
	col: Collector
): Promise<{ seen: number[]; pending: number[] }> {
	const seen: number[] = [];
	const pending: number[] = [];
	let on = true;
	const spin = () => {
		seen.push(store.entities.users.size);
		pending.push(col.pending);
		if (on) setImmediate(spin);
	};
	for (let i = 0; i < N; i++) col.markDirty(spendUserKey(`u${i}`));
	setImmediate(spin);
	await col.flushNow();
	on = false;
	return { seen, pending };
}

describe('a flush applies in slices', () => {
	it('yields between slices: the store is seen part-applied, and ends complete', async () => {
		const store = new Store();
		const col = collector(store, 0);
		const { seen, pending } = await flushWatched(store, col);
		expect(store.entities.users.size).toBe(N);
		const partial = seen.filter((n) => n > 0 && n < N);
		expect(partial.length).toBeGreaterThan(N / 2);
		// a part-applied flush's keys still count as pending (health's pipeline.pending: the
		// bench's "loaded" waits for 0), and nothing is once the flush is done
		for (const [i, n] of seen.entries()) if (n > 0 && n < N) expect(pending[i]).toBe(N);
		expect(col.pending).toBe(0);
	});

	it('ends complete with the default budget (5 ms a slice)', async () => {
		const store = new Store();
		await flushWatched(store, collector(store));
		expect(store.entities.users.size).toBe(N);
	});
});
