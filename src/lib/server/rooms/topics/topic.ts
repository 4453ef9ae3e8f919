// A topic turns the Store into one room's state (and, optionally, one series point per
// trend tick). Pages add a topic file here and register it in topics/index.ts.
import type { RoomName, RoomPoint, RoomState } from '../../../shared/protocol/rooms.ts';
import type { Store } from '../../pipeline/store.ts';

export interface Topic<R extends RoomName = RoomName> {
	readonly room: R;
	derive(store: Store, now: number): RoomState<R>;
	/** The fields whose change is published at once, never held for the room's cadence — read
	 * without a full derive, so a room held for its cadence costs this, not a derive, per change. */
	urgent?(store: Store, now: number): Partial<RoomState<R>>;
	/** one point of the room's time series, taken every TREND_INTERVAL_MS */
	sample?(store: Store, now: number): RoomPoint<R> | null;
	/** the point while Redis is away (null figures: a gap, never zero traffic); the next
	 * sample starts a new rate instead of spreading the outage's queued writes over one tick */
	gap?(now: number): RoomPoint<R> | null;
}
