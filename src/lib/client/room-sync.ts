// Snapshot-then-deltas with sequence numbers, free of Svelte so it can be unit-tested.
// A delta whose seq is not exactly last + 1 means one was lost (reconnect, server restart):
// drop it and ask for a fresh snapshot. Socket.IO's own recovery is best effort; this is
// the guarantee.
import type { Reply } from '../shared/protocol/reply.ts';
import {
	isSnapshotOf,
	type RoomDelta,
	type RoomName,
	type RoomPoint,
	type RoomState,
	type Snapshot
} from '../shared/protocol/rooms.ts';

export type JoinFn = (room: RoomName) => Promise<Reply<Snapshot>>;

export interface RoomView<R extends RoomName> {
	state: RoomState<R>;
	series: RoomPoint<R>[];
	seq: number;
}

export type DeltaResult = 'applied' | 'stale' | 'gap' | 'no-snapshot';

export class RoomSync<R extends RoomName> {
	view: RoomView<R> | null = null;
	resyncs = 0;
	#joining: Promise<void> | null = null;
	/** deltas that arrived while a snapshot was on its way: applied after it if newer */
	#pending: RoomDelta<R>[] = [];

	constructor(
		readonly room: R,
		private readonly join: JoinFn,
		private readonly maxPoints: number,
		private readonly onView: (view: RoomView<R>) => void,
		private readonly onError: (msg: string) => void = () => {}
	) {}

	/** (Re)join and take the snapshot; concurrent calls share one request. */
	resync(): Promise<void> {
		this.#joining ??= this.join(this.room)
			.then((reply) => {
				if (!reply.ok) return this.onError(reply.msg);
				const snap = reply.data;
				if (!isSnapshotOf(snap, this.room))
					return this.onError(`the server answered with the ${snap.room} room`);
				this.view = {
					state: snap.state,
					series: snap.series.slice(-this.maxPoints),
					seq: snap.seq
				};
				this.onView(this.view);
			})
			.catch((err: unknown) => this.onError((err as Error)?.message ?? String(err)))
			.finally(() => {
				this.#joining = null;
				const pending = this.#pending;
				this.#pending = [];
				for (const d of pending) this.apply(d);
			});
		return this.#joining;
	}

	apply(delta: RoomDelta<R>): DeltaResult {
		if (this.#joining) {
			this.#pending.push(delta);
			return 'no-snapshot';
		}
		const view = this.view;
		if (!view) return 'no-snapshot';
		if (delta.seq <= view.seq) return 'stale';
		if (delta.seq !== view.seq + 1) {
			this.resyncs++;
			void this.resync();
			return 'gap';
		}
		let series = view.series;
		if (delta.series?.length) {
			series = series.concat(delta.series);
			if (series.length > this.maxPoints) series = series.slice(series.length - this.maxPoints);
		}
		this.view = { state: { ...view.state, ...delta.changes }, series, seq: delta.seq };
		this.onView(this.view);
		return 'applied';
	}
}
