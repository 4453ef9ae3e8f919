// One publisher per room: keeps the room's last state, its seq and its series ring, and
// turns a store change into at most one delta (only the fields that changed). A room
// nobody watches is not derived at all (it is marked stale and derived on the next join);
// a heavy room is derived at most once per `minIntervalMs` — and, when a derive costs more
// than that allows, at most once per `costFactor` times its last derive's duration, so one
// room never takes more than 1/costFactor of the event loop however many users it walks.
// A room with a `cadenceMs` publishes counter-only changes at most once per cadence while
// they keep coming (1,000 req/s changes the Overview's totals ~50 times a second, and every
// frame a browser paints for that costs it ~2 ms); the first change after a quiet cadence
// goes at once, and a change to one of the topic's `urgent` fields (an incident, a data
// problem, a flush's progress) never waits.
import type {
	RoomDelta,
	RoomName,
	RoomPoint,
	RoomSnapshot,
	RoomState
} from '../../shared/protocol/rooms.ts';
import type { Store } from '../pipeline/store.ts';
import type { Topic } from './topics/topic.ts';

export function diff<T extends object>(prev: T, next: T): Partial<T> {
	const changes: Partial<T> = {};
	for (const k of Object.keys(next) as (keyof T)[]) {
		const a = prev[k];
		const b = next[k];
		if (a === b) continue;
		if (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b))
			continue;
		changes[k] = b;
	}
	return changes;
}

export interface PublisherOptions {
	/** does anyone watch the room? (default: always) */
	isWatched?: () => boolean;
	/** derive at most this often; changes in between are published on the trailing edge */
	minIntervalMs?: number;
	/** and at most once per this many times the last derive's duration (0: off) */
	costFactor?: number;
	/** publish at most once per this many ms unless an urgent field changed (0: every change);
	 * a function is asked at each change (the cadence may follow the room's audience) */
	cadenceMs?: number | (() => number);
	/** the monotonic clock the throttle runs on (tests); performance.now by default */
	monotonic?: () => number;
}

export class RoomPublisher<R extends RoomName = RoomName> {
	#seq = 0;
	#state: RoomState<R>;
	#series: RoomPoint<R>[] = [];
	#at: number;
	#stale = false;
	#lastDerive = -Infinity;
	/** when the last delta went out (monotonic), for the cadence */
	#lastEmit = -Infinity;
	/** how long the last derive took, ms */
	#lastCost = 0;
	#trailing: ReturnType<typeof setTimeout> | null = null;

	constructor(
		readonly topic: Topic<R>,
		private readonly emit: (delta: RoomDelta<R>) => void,
		private readonly maxPoints: number,
		private readonly store: Store,
		private readonly now: () => number,
		private readonly opts: PublisherOptions = {}
	) {
		this.#at = now();
		this.#state = topic.derive(store, this.#at);
	}

	#watched(): boolean {
		return this.opts.isWatched?.() ?? true;
	}

	#mono(): number {
		return this.opts.monotonic?.() ?? performance.now();
	}

	/** the least time between two derives now */
	get minInterval(): number {
		return Math.max(this.opts.minIntervalMs ?? 0, (this.opts.costFactor ?? 0) * this.#lastCost);
	}

	/** Derives, timing it (the next derive waits in proportion). */
	#derive(store: Store, now: number): RoomState<R> {
		const t0 = this.#mono();
		this.#lastDerive = t0;
		const next = this.topic.derive(store, now);
		this.#lastCost = this.#mono() - t0;
		return next;
	}

	/** After a flush: emit the changed fields, if any. */
	refresh(store: Store, now: number): void {
		if (!this.#watched()) {
			this.#stale = true;
			return;
		}
		// throttling runs on the monotonic clock: the injectable clock is business time and
		// may stand still in tests
		const elapsed = this.#mono() - this.#lastDerive;
		const min = this.minInterval;
		if (elapsed < min) return this.#later(min - elapsed);
		const cadence = this.opts.cadenceMs;
		const wait =
			this.#lastEmit + (typeof cadence === 'function' ? cadence() : (cadence ?? 0)) - this.#mono();
		// within the cadence: only a change to an urgent field goes now (read without a derive)
		if (wait > 0) {
			const urgent = this.topic.urgent?.(store, now);
			if (!urgent || Object.keys(diff(this.#state, urgent)).length === 0) return this.#later(wait);
		}
		this.#publish(this.#derive(store, now), undefined, now);
	}

	/** a refresh on the trailing edge (one pending at a time) */
	#later(ms: number): void {
		this.#trailing ??= setTimeout(() => {
			this.#trailing = null;
			this.refresh(this.store, this.now());
		}, ms);
	}

	/** Trend tick: append a series point (watched or not), plus fields that changed with time alone. */
	tick(store: Store, now: number, connected = true): void {
		const point = connected
			? (this.topic.sample?.(store, now) ?? null)
			: (this.topic.gap?.(now) ?? null);
		if (point) {
			this.#series.push(point);
			if (this.#series.length > this.maxPoints)
				this.#series.splice(0, this.#series.length - this.maxPoints);
		}
		if (!this.#watched()) {
			this.#stale = true;
			return;
		}
		if (this.#mono() - this.#lastDerive < this.minInterval) {
			if (point) this.#publish(this.#state, [point], now);
			return;
		}
		this.#publish(this.#derive(store, now), point ? [point] : undefined, now);
	}

	/** The room as it is now (re-derived first if nobody was watching). */
	snapshot(): RoomSnapshot<R> {
		if (this.#stale) {
			// nobody watched while it went stale, so no one needs a delta: only the joiner's
			// snapshot (with a new seq) carries the change
			this.#stale = false;
			const now = this.now();
			const next = this.#derive(this.store, now);
			if (Object.keys(diff(this.#state, next)).length > 0) {
				this.#state = next;
				this.#at = now;
				this.#seq++;
			}
		}
		return {
			room: this.topic.room,
			seq: this.#seq,
			at: this.#at,
			state: this.#state,
			series: [...this.#series]
		};
	}

	get state(): RoomState<R> {
		return this.#state;
	}

	close(): void {
		if (this.#trailing) clearTimeout(this.#trailing);
		this.#trailing = null;
	}

	#publish(next: RoomState<R>, series: RoomPoint<R>[] | undefined, now: number): void {
		const changes = diff(this.#state, next);
		if (Object.keys(changes).length === 0 && !series) return;
		this.#lastEmit = this.#mono();
		this.#state = next;
		this.#at = now;
		this.#seq++;
		this.emit({
			room: this.topic.room,
			seq: this.#seq,
			at: now,
			changes,
			...(series ? { series } : {})
		});
	}
}
