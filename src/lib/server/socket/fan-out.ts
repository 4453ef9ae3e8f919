// Broadcasts (room deltas, the heartbeat) that never hold the event loop for long. Socket.IO writes one broadcast to every
// member in a single synchronous loop: with 10,000 sockets in the Overview room that was
// ~200 ms per delta (npm run bench -- --only sockets: loop delay p99 601 ms, /api/health p99
// 1.7 s). A room with more than `chunk` members gets each delta in chunks of `chunk` sockets,
// the first at once and one chunk per macrotask after it, and a room's deltas stay in order:
// a later one waits in the room's queue until the earlier one has reached every member. The
// heartbeat to every socket (target null) goes the same way, in a queue of its own.
import type { Delta } from '../../shared/protocol/rooms.ts';
import type { Health } from '../../shared/protocol/health.ts';
import type { HelixServer } from './types.ts';

/** what goes out this way: a room's delta or this node's heartbeat */
type Message = { event: 'delta'; payload: Delta } | { event: 'heartbeat'; payload: Health };

/** sockets one macrotask writes a delta to (~5 ms of work on this machine; shared with 10,000
 * clients on the same 2 cores, 500 a chunk gave loop delay p99 41–48 ms and 250 gave 29–30) */
export const FAN_OUT_CHUNK = 250;

interface Job {
	ids: string[];
	at: number;
	message: Message;
}

const ALL = '\u0000all';

export class FanOut {
	readonly #queues = new Map<string, Job[]>();
	/** chunks written after the first, by any room (tests, metrics) */
	deferredChunks = 0;

	constructor(
		private readonly io: HelixServer,
		private readonly chunk = FAN_OUT_CHUNK
	) {}

	/** broadcasts still being written to `room`'s members (null: the heartbeat's) */
	pending(room: string | null): number {
		return this.#queues.get(room ?? ALL)?.length ?? 0;
	}

	/** A delta to `room`'s members. */
	send(room: string, delta: Delta): void {
		this.#send(room, { event: 'delta', payload: delta });
	}

	/** The heartbeat to every socket of this node. */
	beat(health: Health): void {
		this.#send(null, { event: 'heartbeat', payload: health });
	}

	#emit(ids: string | string[] | null, m: Message): void {
		const to = ids === null ? this.io.local : this.io.local.to(ids);
		if (m.event === 'delta') to.emit('delta', m.payload);
		else to.emit('heartbeat', m.payload);
	}

	#send(room: string | null, message: Message): void {
		const key = room ?? ALL;
		const queue = this.#queues.get(key);
		const nsp = this.io.of('/');
		const members = room === null ? nsp.sockets : nsp.adapter.rooms.get(room);
		if (!queue && (!members || members.size <= this.chunk)) {
			this.#emit(room, message);
			return;
		}
		// the members as of now, as Socket.IO's own broadcast would take them
		const job: Job = { ids: members ? [...members.keys()] : [], at: 0, message };
		if (queue) {
			queue.push(job);
			return;
		}
		this.#queues.set(key, [job]);
		this.#write(key);
	}

	#write(key: string): void {
		const queue = this.#queues.get(key)!;
		const job = queue[0]!;
		const ids = job.ids.slice(job.at, job.at + this.chunk);
		job.at += ids.length;
		// each socket id is a room of its own: one emit encodes the packet once for the chunk
		if (ids.length) this.#emit(ids, job.message);
		if (job.at >= job.ids.length) queue.shift();
		if (!queue.length) {
			this.#queues.delete(key);
			return;
		}
		this.deferredChunks++;
		setImmediate(() => this.#write(key));
	}
}
