// A topic turns the Store into one room's state (and, optionally, one series point per
// trend tick). Pages add a topic file here and register it in topics/index.ts.
import type { Rooms, RoomName } from '../../shared/types.ts';
import type { Store } from '../store.ts';

export interface Topic<R extends RoomName = RoomName> {
	readonly room: R;
	derive(store: Store, now: number): Rooms[R]['state'];
	/** one point of the room's time series, taken every TREND_INTERVAL_MS */
	sample?(store: Store, now: number): Rooms[R]['point'] | null;
}
