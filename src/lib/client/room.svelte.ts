// Rune state for one room: components read `state` and `series`; only deltas write them.
import type { Delta, RoomName, Rooms, Snapshot } from '../shared/protocol/rooms.ts';
import { RoomSync } from './room-sync.ts';
import { getSocket, joinRoom } from './socket.ts';

export class RoomState<R extends RoomName> {
	state = $state.raw<Rooms[R]['state'] | null>(null);
	series = $state.raw<Rooms[R]['point'][]>([]);
	error = $state<string | null>(null);
	readonly #sync: RoomSync<R>;
	#stop: (() => void) | null = null;

	constructor(room: R, maxPoints: number, initial?: Snapshot<R>) {
		if (initial) {
			this.state = initial.state;
			this.series = initial.series;
		}
		this.#sync = new RoomSync<R>(
			room,
			joinRoom,
			maxPoints,
			(view) => {
				this.state = view.state;
				this.series = view.series;
				this.error = null;
			},
			(msg) => (this.error = msg)
		);
	}

	/** Join now and after every reconnect; returns the cleanup for $effect. */
	connect(): () => void {
		const socket = getSocket();
		const onDelta = (d: Delta) => {
			if (d.room === this.#sync.room) this.#sync.apply(d as Delta<R>);
		};
		const onConnect = () => void this.#sync.resync();
		socket.on('delta', onDelta);
		socket.on('connect', onConnect);
		if (socket.connected) onConnect();
		this.#stop = () => {
			socket.off('delta', onDelta);
			socket.off('connect', onConnect);
			socket.emit('leave', this.#sync.room);
		};
		return this.#stop;
	}
}
