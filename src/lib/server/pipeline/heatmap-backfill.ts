// Counts the helix:events entries older than the dashboard's first read into the
// hour-of-week heatmap, once, right after the first resync (so /api/snapshot and exports
// have it too, not only a Users page someone opened). Only entry ids are needed: every entry
// is a request.
import { KEYS } from '../../shared/contract/keys.ts';
import { streamIdTime } from '../../shared/contract/parse.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { RedisClient } from '../redis/client.ts';
import type { Store } from './store.ts';

/** stream entries read per XRANGE */
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

export class HeatmapBackfill {
	#done = false;

	constructor(
		private readonly client: RedisClient,
		private readonly isConnected: () => boolean,
		private readonly store: Store,
		private readonly log: Logger,
		private readonly onCounted: () => void
	) {}

	async run(): Promise<void> {
		if (this.#done || !this.isConnected() || this.store.eventsReadFrom === null) return;
		this.#done = true;
		try {
			const n = await backfillHourOfWeek(this.client, this.store);
			// nothing older yet: safe to look again later (at the next Users viewer); once
			// anything was counted, never again (it would count twice)
			if (n) this.onCounted();
			else this.#done = false;
		} catch (err) {
			this.#done = false;
			this.log.warn({ err: (err as Error).message }, 'heatmap back-fill failed');
		}
	}
}
