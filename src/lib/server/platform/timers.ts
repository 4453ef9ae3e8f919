// Periodic work of the server: every timer is named, its failures are logged (never an
// unhandled rejection), a run that is still going is not started again, and close() stops
// them all.
import type { Logger } from './logging/log.ts';

export class Timers {
	#ids: ReturnType<typeof setInterval>[] = [];

	constructor(private readonly log: Logger) {}

	every(name: string, ms: number, task: () => unknown): void {
		let running = false;
		this.#ids.push(
			setInterval(() => {
				if (running) return;
				running = true;
				Promise.resolve()
					.then(task)
					.catch((err: unknown) =>
						this.log.warn(
							{ timer: name, err: (err as Error)?.message ?? String(err) },
							`${name} failed`
						)
					)
					.finally(() => (running = false));
			}, ms)
		);
	}

	close(): void {
		for (const id of this.#ids) clearInterval(id);
		this.#ids = [];
	}
}
