// One publisher per room: keeps the room's last state, its seq and its series ring, and
// turns a store change into at most one delta (only the fields that changed).
import type { Delta, RoomName, Rooms, Snapshot } from '../shared/types.ts';
import type { Store } from './store.ts';
import type { Topic } from './topics/topic.ts';

export function diff<T extends object>(prev: T, next: T): Partial<T> {
	const changes: Partial<T> = {};
	for (const k of Object.keys(next) as (keyof T)[]) {
		const a = prev[k];
		const b = next[k];
		if (a === b) continue;
		if (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b)) continue;
		changes[k] = b;
	}
	return changes;
}

export class RoomPublisher<R extends RoomName = RoomName> {
	#seq = 0;
	#state: Rooms[R]['state'];
	#series: Rooms[R]['point'][] = [];
	#at: number;

	constructor(
		readonly topic: Topic<R>,
		private readonly emit: (delta: Delta<R>) => void,
		private readonly maxPoints: number,
		store: Store,
		now: number
	) {
		this.#state = topic.derive(store, now);
		this.#at = now;
	}

	/** After a flush: emit the changed fields, if any. */
	refresh(store: Store, now: number): void {
		this.#publish(this.topic.derive(store, now), undefined, now);
	}

	/** Trend tick: append a series point, plus any fields that changed with time alone. */
	tick(store: Store, now: number): void {
		const point = this.topic.sample?.(store, now) ?? null;
		if (point) {
			this.#series.push(point);
			if (this.#series.length > this.maxPoints) this.#series.splice(0, this.#series.length - this.maxPoints);
		}
		this.#publish(this.topic.derive(store, now), point ? [point] : undefined, now);
	}

	snapshot(): Snapshot<R> {
		return { room: this.topic.room, seq: this.#seq, at: this.#at, state: this.#state, series: [...this.#series] };
	}

	get state(): Rooms[R]['state'] {
		return this.#state;
	}

	#publish(next: Rooms[R]['state'], series: Rooms[R]['point'][] | undefined, now: number): void {
		const changes = diff(this.#state, next);
		if (Object.keys(changes).length === 0 && !series) return;
		this.#state = next;
		this.#at = now;
		this.#seq++;
		this.emit({ room: this.topic.room, seq: this.#seq, at: now, changes, ...(series ? { series } : {}) });
	}
}
