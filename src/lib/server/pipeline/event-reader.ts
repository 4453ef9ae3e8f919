// Reading helix:events: the first read takes the last STATS_MINUTES of the stream, then each
// flush reads after the last id seen. Every entry feeds the latency window, the event
// statistics and the heatmap once, whatever re-reads happen.
import { parseEvent, streamIdAfter, type GatewayEvent } from '../../shared/contract/parse.ts';
import { STATS_MINUTES } from './event-stats.ts';
import type { Reader } from './read-step.ts';
import type { Store } from './store.ts';

/** Events read per stream call; at 5,000 req/s and 20 ms flushes a flush sees ~100; the first read of a busy stream takes several calls. */
export const EVENT_BATCH = 2_000;

/**
 * helix:events. First read: the last STATS_MINUTES of the stream (ids are times). After
 * that: XRANGE after the last id seen. A reconcile also fetches the newest id, to notice a
 * stream that was deleted or recreated (its ids then go backwards) and start over.
 */
export const events: Reader = async (client, key, store, full, now) => {
	const lastId = store.lastEventId;
	if (lastId === null) {
		const from = now - STATS_MINUTES * 60_000;
		const entries = await client.xRange(key, String(from), '+', { COUNT: EVENT_BATCH });
		return (s, at) => {
			s.eventsReadFrom ??= from;
			s.latency.reset();
			s.eventStats.reset();
			if (!s.outcomeBaseline) {
				s.outcomeBaseline = true;
				s.countedEventId = entries.at(-1)?.id ?? '0-0';
			}
			return { changed: true, more: addEvents(s, key, entries, at) === EVENT_BATCH };
		};
	}
	const [newest, entries] = await Promise.all([
		full ? client.xRevRange(key, '+', '-', { COUNT: 1 }) : Promise.resolve(null),
		client.xRange(key, `(${lastId}`, '+', { COUNT: EVENT_BATCH })
	]);
	return (s, at) => {
		if (
			newest &&
			(newest.length === 0 || (newest[0]!.id !== lastId && !streamIdAfter(newest[0]!.id, lastId)))
		) {
			s.resetEvents(); // deleted or recreated: read the window again
			return { changed: true, more: newest.length > 0 };
		}
		const n = addEvents(s, key, entries, at);
		s.latency.expire(at);
		return { changed: n > 0, more: n === EVENT_BATCH };
	};
};

function addEvents(
	store: Store,
	key: string,
	entries: { id: string; message: unknown }[],
	now: number
): number {
	let bad = 0;
	let lastError = '';
	const sink = store.eventSink;
	const parsedBatch: { id: string; ev: GatewayEvent }[] = [];
	for (const { id, message } of entries) {
		const parsed = parseEvent(id, message as Record<string, string>);
		if (!parsed.ok) {
			bad++;
			lastError = parsed.error;
			continue;
		}
		const ev = parsed.value;
		if (sink) parsedBatch.push({ id, ev });
		store.latency.push({ ts: ev.ts, latencyMs: ev.latencyMs });
		store.eventStats.add(ev);
		if (streamIdAfter(id, store.heatmapEventId)) {
			store.countHourOfWeek(ev.ts);
			store.heatmapEventId = id;
		}
		store.noteWrite(ev.ts);
		// each id counted once, whatever re-reads happen
		if (streamIdAfter(id, store.countedEventId)) {
			store.outcomes[ev.outcome]++;
			store.countedEventId = id;
		}
	}
	if (bad > 0)
		store.problem(key, `skipped ${bad} malformed event(s); last: ${lastError}`, now, bad);
	if (sink && parsedBatch.length) sink.offer(parsedBatch);
	const last = entries.at(-1);
	if (last) store.lastEventId = last.id;
	store.latency.expire(now);
	return entries.length;
}
