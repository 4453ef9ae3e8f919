// Room deltas that never hold the event loop for long. Socket.IO writes one broadcast to every
// member in a single synchronous loop: with 10,000 sockets in the Overview room that was
// ~200 ms per delta (npm run bench -- --only sockets: loop delay p99 601 ms, /api/health p99
// 1.7 s). A room with more than `chunk` members gets each delta in chunks of `chunk` sockets,
// the first at once and one chunk per macrotask after it, and a room's deltas stay in order:
// a later one waits in the room's queue until the earlier one has reached every member.
import type { Delta } from '../../shared/protocol/rooms.ts';
import type { HelixServer } from './types.ts';

/** sockets one macrotask writes a delta to (~10 ms of work on this machine) */
export const FAN_OUT_CHUNK = 500;

interface Job {
	ids: string[];
	at: number;
	delta: Delta;
}

export class FanOut {
	readonly #queues = new Map<string, Job[]>();
	/** chunks written after the first, by any room (tests, metrics) */
	deferredChunks = 0;

	constructor(
		private readonly io: HelixServer,
		private readonly chunk = FAN_OUT_CHUNK
	) {}

	/** broadcasts still being written to `room`'s members */
	pending(room: string): number {
		return this.#queues.get(room)?.length ?? 0;
	}

	send(room: string, delta: Delta): void {
		const queue = this.#queues.get(room);
		const members = this.io.of('/').adapter.rooms.get(room);
		if (!queue && (!members || members.size <= this.chunk)) {
			this.io.local.to(room).emit('delta', delta);
			return;
		}
		// the members as of now, as Socket.IO's own broadcast would take them
		const job: Job = { ids: members ? [...members] : [], at: 0, delta };
		if (queue) {
			queue.push(job);
			return;
		}
		this.#queues.set(room, [job]);
		this.#write(room);
	}

	#write(room: string): void {
		const queue = this.#queues.get(room)!;
		const job = queue[0]!;
		const ids = job.ids.slice(job.at, job.at + this.chunk);
		job.at += ids.length;
		// each socket id is a room of its own: one emit encodes the packet once for the chunk
		if (ids.length) this.io.local.to(ids).emit('delta', job.delta);
		if (job.at >= job.ids.length) queue.shift();
		if (!queue.length) {
			this.#queues.delete(room);
			return;
		}
		this.deferredChunks++;
		setImmediate(() => this.#write(room));
	}
}
