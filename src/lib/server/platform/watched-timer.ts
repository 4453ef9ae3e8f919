// Runs a task every `intervalMs` while a room is watched, never two at once: a slow run
// (SCAN of a large keyspace, fsSize on a hung mount) is skipped over, not piled up.
export class WatchedTimer {
	#timer: ReturnType<typeof setInterval> | null = null;
	#running = false;

	constructor(
		private readonly intervalMs: number,
		private readonly task: () => Promise<void>
	) {}

	get active(): boolean {
		return this.#timer !== null;
	}

	setWatched(watched: boolean): void {
		if (watched && !this.#timer) {
			this.#timer = setInterval(() => void this.run(), this.intervalMs);
			void this.run();
		} else if (!watched && this.#timer) {
			clearInterval(this.#timer);
			this.#timer = null;
		}
	}

	async run(): Promise<void> {
		if (this.#running) return;
		this.#running = true;
		try {
			await this.task();
		} finally {
			this.#running = false;
		}
	}
}
