// What the dashboard remembers outside Redis: that it has had accounts. Redis's keyspace is
// volatile (FLUSHALL, a restart without persistence, eviction under allkeys-* policies); if
// the account store vanishes, "no accounts" must not mean "sign-in off". A marker file in
// DATA_DIR (or AUTH_REQUIRED=true) keeps sign-in required: with the store gone nobody can
// sign in until an admin is restored (npm run user -- add), and the dashboard says so loudly.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const MARKER = 'accounts-seen';

export interface AuthMemoryConfig {
	/** folder for the marker (kept across restarts: a volume in a container) */
	dataDir: string;
	/** auto: required once accounts were seen; true: always; false: open whenever there are none (loopback) */
	authRequired: 'auto' | 'true' | 'false';
}

export class AuthMemory {
	#seen: boolean;
	readonly file: string;

	constructor(
		private readonly config: AuthMemoryConfig,
		private readonly onWriteError: (err: Error) => void,
		private readonly now: () => number
	) {
		this.file = path.join(config.dataDir, MARKER);
		this.#seen = config.authRequired === 'auto' && existsSync(this.file);
	}

	/** sign-in stays required with no accounts */
	get mustRequire(): boolean {
		if (this.config.authRequired === 'true') return true;
		if (this.config.authRequired === 'false') return false;
		return this.#seen;
	}

	/** Accounts exist: remember it (once). */
	accountsSeen(): void {
		if (this.#seen || this.config.authRequired !== 'auto') return;
		try {
			mkdirSync(this.config.dataDir, { recursive: true });
			writeFileSync(
				this.file,
				`accounts seen at ${new Date(this.now()).toISOString()}; delete this file to allow running without sign-in again\n`
			);
			this.#seen = true;
		} catch (err) {
			this.onWriteError(err as Error);
		}
	}
}
