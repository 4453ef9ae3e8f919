// Counts the helix:events entries older than the dashboard's first read into the
// hour-of-week heatmap, in batches. Only entry ids are needed: every entry is a request.
import { KEYS, streamIdTime } from '../shared/contract.ts';
import type { RedisClient } from './redis.ts';
import type { Store } from './store.ts';

const BATCH = 5_000;

export async function backfillHourOfWeek(client: RedisClient, store: Store): Promise<number> {
	const until = store.eventsReadFrom;
	if (until === null) return 0;
	let start = '-';
	let n = 0;
	for (;;) {
		const entries = await client.xRange(KEYS.events, start, `(${until}`, { COUNT: BATCH });
		for (const { id } of entries) {
			const ts = streamIdTime(id);
			if (ts !== null) {
				store.countHourOfWeek(ts);
				n++;
			}
		}
		if (entries.length < BATCH) return n;
		start = `(${entries.at(-1)!.id}`;
	}
}
