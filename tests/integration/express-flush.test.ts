// An incident does not wait out the flush throttle (issue 22): a write to the PII incident
// list starts a flush of that list alone on the next tick, even inside the interval — at most
// once per interval, so an incident storm costs at most twice the throttle's flushes — and
// the traffic's keys dirty meanwhile keep their turn instead of slowing the incident's read.
// The interval here is 60 s: a flush seen within the test came early; none can come from the
// throttle. The run's real redis-server (tests/helpers/global-redis.ts), emptied first.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient } from 'redis';
import type { Collector } from '../../src/lib/server/pipeline/collector.ts';
import { Store } from '../../src/lib/server/pipeline/store.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { testCollector } from '../helpers/collector.ts';

let c: ReturnType<typeof createClient>;

beforeAll(async () => {
	c = createClient({ url: inject('redisUrl') });
	await c.connect();
	await c.flushAll();
});

afterAll(async () => {
	await c?.close();
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

/** a gateway's incident: written to the list, then the doorbell (its keyspace notification) */
async function incident(col: Collector, user: string): Promise<void> {
	await c.lPush(KEYS.piiIncidents, JSON.stringify({ user_id: user, action: 'blocked' }));
	col.markDirty(KEYS.piiIncidents);
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

			// an incident is flushed at once, alone: the traffic's key still waits for the throttle
			flushed = nextFlush();
			await incident(col, 'u1');
			await flushed;
			expect(col.stats.flushes).toBe(2);
			expect(store.listLengths.get(KEYS.piiIncidents)).toBe(1);
			expect(store.counters.get(KEYS.requestsTotal)).toBe(1);
			await settle();
			expect(col.stats.flushes).toBe(2);
			expect(col.pending).toBe(1);

			// a second incident in the same interval waits: this interval's early flush is spent
			await incident(col, 'u2');
			await settle();
			expect(col.stats.flushes).toBe(2);
			expect(store.listLengths.get(KEYS.piiIncidents)).toBe(1);
			expect(col.pending).toBe(2);
		} finally {
			col.close();
		}
	});

	it("an incident alone takes the interval's turn: a storm of them costs the throttle's flushes", async () => {
		const store = new Store();
		const { col, nextFlush } = throttled(store);
		try {
			const flushed = nextFlush();
			await incident(col, 'u4');
			await flushed;
			expect(col.stats.flushes).toBe(1);
			// nothing else was waiting, so that flush was the interval's: the next incident waits
			await incident(col, 'u5');
			await settle();
			expect(col.stats.flushes).toBe(1);
			expect(col.pending).toBe(1);
		} finally {
			col.close();
		}
	});

	it("reads the incident before the traffic when both are due, and keeps the throttle's turn", async () => {
		const store = new Store();
		/** what the store held at each flush's end */
		const seen: { incidents: number | null | undefined; requests: number | null | undefined }[] =
			[];
		let first: () => void = () => {};
		const flushed = new Promise<void>((resolve) => (first = resolve));
		const col = testCollector(c, store, {
			flushIntervalMs: 60_000,
			onFlushed: () => {
				seen.push({
					incidents: store.listLengths.get(KEYS.piiIncidents),
					requests: store.counters.get(KEYS.requestsTotal)
				});
				first();
			}
		});
		try {
			await c.set(KEYS.requestsTotal, '7');
			await c.lPush(KEYS.piiIncidents, '{"user_id":"u3","action":"blocked"}');
			const before = (await c.lLen(KEYS.piiIncidents)) as number;
			// a quiet spell ends with traffic and an incident in the same tick: the leading edge
			col.markDirty(KEYS.requestsTotal);
			col.markDirty(KEYS.piiIncidents);
			await flushed;
			await settle();
			// first the incident alone, then at once the traffic (the early flush used no turn)
			expect(seen).toEqual([
				{ incidents: before, requests: undefined },
				{ incidents: before, requests: 7 }
			]);
		} finally {
			col.close();
		}
	});
});
