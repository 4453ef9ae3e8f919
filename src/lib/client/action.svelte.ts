// The result line under a form or a button row: what an action did, or the server's sentence
// for why it did not. One per panel; `run()` awaits the call and words the outcome.
import type { Reply } from '../shared/protocol/reply.ts';

export interface ActionResult {
	ok: boolean;
	/** done, with something to know (shown as a warning) */
	warn?: boolean;
	text: string;
}

export class Action {
	#message = $state<ActionResult | null>(null);
	#busy = $state(false);

	get message(): ActionResult | null {
		return this.#message;
	}

	get busy(): boolean {
		return this.#busy;
	}

	/** Awaits `p`; on success says `done` (or what `done` makes of the data), followed by any
	 * `warnings` the server sent with the accepted item (a target it has not seen yet). */
	async run<T>(p: Promise<Reply<T>>, done: string | ((data: T) => string)): Promise<Reply<T>> {
		this.#busy = true;
		try {
			const r = await p;
			if (!r.ok) this.#message = { ok: false, text: r.msg };
			else {
				const text = typeof done === 'string' ? done : done(r.data);
				const w = (r.data as { warnings?: unknown } | null)?.warnings;
				const warnings = Array.isArray(w) ? w.filter((x) => typeof x === 'string') : [];
				this.#message = warnings.length
					? { ok: true, warn: true, text: `${text} ${warnings.join(' ')}` }
					: { ok: true, text };
			}
			return r;
		} finally {
			this.#busy = false;
		}
	}

	say(ok: boolean, text: string): void {
		this.#message = { ok, text };
	}

	clear(): void {
		this.#message = null;
	}
}
