// A Redis that stops answering (a SIGSTOP, a stalled VM, a full network buffer) keeps its TCP
// connection open: node-redis neither errors nor reconnects, and every command waits forever.
// The watchdog PINGs every PING_MS on a connection of its own kind; no answer for HUNG_MS and
// the link counts as down ("Redis not answering"), so health says degraded, the Redis-down
// alert fires and callers fail fast. The PING that finally answers brings the link back.
import type { RedisClient } from './client.ts';

export const PING_MS = 1_000;
export const HUNG_MS = 3_000;

export class Watchdog {
	#hung = false;
	#inflight: number | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;

	constructor(
		/** the connections to watch (one Redis, or every master) */
		private readonly nodes: () => RedisClient[],
		/** whether they are open at all (a closed link is down for its own reasons) */
		private readonly open: () => boolean,
		private readonly onChange: (hung: boolean) => void
	) {}

	get hung(): boolean {
		return this.#hung;
	}

	start(): void {
		this.#timer ??= setInterval(() => this.#tick(), PING_MS);
		this.#timer.unref?.();
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}

	#tick(): void {
		if (!this.open()) {
			this.#inflight = null;
			this.#set(false);
			return;
		}
		const now = performance.now();
		if (this.#inflight !== null) {
			// one PING at a time: a Redis that does not answer is not asked again and again
			if (now - this.#inflight >= HUNG_MS) this.#set(true);
			return;
		}
		const nodes = this.nodes().filter((n) => n.isReady);
		if (!nodes.length) return;
		const started = now;
		this.#inflight = started;
		Promise.all(nodes.map((n) => n.ping()))
			.then(() => {
				if (this.#inflight !== started) return;
				this.#inflight = null;
				this.#set(false);
			})
			.catch(() => {
				// a reply that is an error is still a reply: Redis is alive
				if (this.#inflight === started) this.#inflight = null;
			});
	}

	#set(hung: boolean): void {
		if (hung === this.#hung) return;
		this.#hung = hung;
		this.onChange(hung);
	}
}
