// Rune state for one room: components read `state` and `series`; only the room's snapshot
// and deltas write them. `useRoom()` is the one way a page follows a room: it starts from the
// page's server-rendered snapshot (first paint shows the real figures), joins on mount and
// after every reconnect, and leaves on destroy.
import type {
	RoomName,
	RoomPoint,
	RoomSnapshot,
	RoomState as StateOf
} from '../shared/protocol/rooms.ts';
import { isDeltaOf, type Delta } from '../shared/protocol/rooms.ts';
import { RoomSync } from './room-sync.ts';
import { getSocket, joinRoom } from './socket.ts';

/** points a series keeps when the page gives no limit (MAX_DATA_POINTS' default) */
const DEFAULT_POINTS = 1000;

export class RoomState<R extends RoomName> {
	#state = $state.raw<StateOf<R> | null>(null);
	#series = $state.raw<RoomPoint<R>[]>([]);
	#error = $state<string | null>(null);
	readonly #sync: RoomSync<R>;

	constructor(room: R, maxPoints: number, initial?: RoomSnapshot<R> | null) {
		if (initial) {
			this.#state = initial.state;
			this.#series = initial.series;
		}
		this.#sync = new RoomSync<R>(
			room,
			joinRoom,
			maxPoints,
			(view) => {
				this.#state = view.state;
				this.#series = view.series;
				this.#error = null;
			},
			(msg) => (this.#error = msg)
		);
	}

	get state(): StateOf<R> | null {
		return this.#state;
	}

	get series(): RoomPoint<R>[] {
		return this.#series;
	}

	/** why the room could not be joined (the server's sentence), or null */
	get error(): string | null {
		return this.#error;
	}

	/** Join now and after every reconnect; returns the cleanup for $effect. */
	connect(): () => void {
		const socket = getSocket();
		const room = this.#sync.room;
		const onDelta = (d: Delta) => {
			if (isDeltaOf(d, room)) this.#sync.apply(d);
		};
		const onConnect = () => void this.#sync.resync();
		socket.on('delta', onDelta);
		socket.on('connect', onConnect);
		if (socket.connected) onConnect();
		return () => {
			socket.off('delta', onDelta);
			socket.off('connect', onConnect);
			socket.emit('leave', room);
		};
	}
}

/** Follows `room` for as long as the calling component lives (call it during init). */
export function useRoom<R extends RoomName>(
	room: R,
	initial?: RoomSnapshot<R> | null,
	maxPoints = DEFAULT_POINTS
): RoomState<R> {
	const r = new RoomState(room, maxPoints, initial);
	$effect(() => r.connect());
	return r;
}
