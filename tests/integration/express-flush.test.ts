// An incident does not wait out the flush throttle (issue 22): a write to the PII incident
// list starts a flush on the next tick even inside the interval — at most once per interval,
// so an incident storm costs at most twice the throttle's flushes. The interval here is 60 s:
// a flush seen within the test came early; none can come from the throttle. A real redis-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';
import { Store } from '../../src/lib/server/pipeline/store.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { testCollector } from '../helpers/collector.ts';

let redis: RedisProcess;
let c: ReturnType<typeof createClient>;

beforeAll(async () => {
	redis = await startRedisServer();
	c = createClient({ url: redis.url });
	await c.connect();
});

afterAll(async () => {
	await c?.close();
	await redis?.stop();
});

/** a collector throttled to one flush a minute, and a promise for its next flush */
function throttled(store: Store) {
	let waiting: (() => void) | null = null;
	const col = testCollector(c, store, {
		flushIntervalMs: 60_000,
		onFlushed: () => waiting?.()
	});
	// a flush that never comes would otherwise show only as the test's timeout
	const nextFlush = () =>
		new Promise<void>((resolve, reject) => {
			waiting = resolve;
			setTimeout(
				() => reject(new Error('no flush within 10 s: it waited for the throttle')),
				10_000
			);
		});
	return { col, nextFlush };
}

/** a few turns of the event loop: long enough for a flush due on the next tick to start and end */
async function settle(): Promise<void> {
	for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
}

describe('an incident skips the flush throttle', () => {
	it('flushes an incident at once inside the interval, once per interval', async () => {
		const store = new Store();
		const { col, nextFlush } = throttled(store);
		try {
			await c.set(KEYS.requestsTotal, '1');
			let flushed = nextFlush();
			col.markDirty(KEYS.requestsTotal); // leading edge: flushed on the next tick
			await flushed;
			expect(col.stats.flushes).toBe(1);

			// traffic inside the interval waits for it
			await c.set(KEYS.requestsTotal, '2');
			col.markDirty(KEYS.requestsTotal);
			await settle();
			expect(col.stats.flushes).toBe(1);
			expect(col.pending).toBe(1);

			// an incident brings the waiting flush forward; it reads the traffic's key too
			await c.lPush(KEYS.piiIncidents, '{"user_id":"u1","action":"blocked"}');
			flushed = nextFlush();
			col.markDirty(KEYS.piiIncidents);
			await flushed;
			expect(col.stats.flushes).toBe(2);
			expect(store.listLengths.get(KEYS.piiIncidents)).toBe(1);
			expect(store.counters.get(KEYS.requestsTotal)).toBe(2);

			// a second incident in the same interval waits: this interval's early flush is spent
			await c.lPush(KEYS.piiIncidents, '{"user_id":"u2","action":"blocked"}');
			col.markDirty(KEYS.piiIncidents);
			await settle();
			expect(col.stats.flushes).toBe(2);
			expect(store.listLengths.get(KEYS.piiIncidents)).toBe(1);
			expect(col.pending).toBe(1);
		} finally {
			col.close();
		}
	});
});
