// One list of what the dashboard keeps in Redis and must re-read — used on every connect,
// at every reconcile and by the sync bus (when another node names its kind) — and one list
// of what to stop, run in reverse order of start on close.
import type { Logger } from '../platform/logging/log.ts';
import type { Syncable } from '../redis/sync-bus.ts';

export interface Reloadable extends Syncable {
	name: string;
}

export class Lifecycle {
	readonly reloadables: Reloadable[] = [];
	#closers: { name: string; close: () => unknown }[] = [];

	constructor(private readonly log: Logger) {}

	reloadable(r: Reloadable): void {
		this.reloadables.push(r);
	}

	/** Re-reads everything in order; the first failure stops the round (the next one retries). */
	async reloadAll(): Promise<void> {
		for (const r of this.reloadables) await r.reload();
	}

	onClose(name: string, close: () => unknown): void {
		this.#closers.push({ name, close });
	}

	/** Stops everything, last started first; one failure does not keep the rest open. */
	async close(): Promise<void> {
		for (const c of this.#closers.reverse()) {
			try {
				await c.close();
			} catch (err) {
				this.log.warn({ part: c.name, err: (err as Error).message }, 'close failed');
			}
		}
		this.#closers = [];
	}
}
