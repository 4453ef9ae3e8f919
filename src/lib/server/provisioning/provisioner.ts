// CONFIG_FILE at work: read, validated and applied after every (re)connect to Redis — so a
// Redis that lost the dashboard's keys gets the file's configuration back — and on SIGHUP.
// A file with any error applies nothing and says why (file, line, field) in the log; the last
// outcome is kept for /api/config.
import { readFile } from 'node:fs/promises';
import type { Logger } from '../platform/logging/log.ts';
import { applyConfig, type ApplySummary, type Targets } from './apply.ts';
import { parseConfigText } from './file.ts';

export interface ProvisionOutcome {
	file: string;
	at: number;
	ok: boolean;
	errors: string[];
	summary: ApplySummary | null;
}

export class Provisioner {
	last: ProvisionOutcome | null = null;
	#running: Promise<ProvisionOutcome> | null = null;
	#again = false;

	constructor(
		readonly file: string,
		private readonly targets: Targets,
		private readonly log: Logger,
		private readonly now: () => number
	) {}

	/** Re-applies on SIGHUP (the operator edited the file); returns the way to stop listening. */
	onHangup(): () => void {
		const hup = () => void this.apply();
		process.on('SIGHUP', hup);
		return () => void process.off('SIGHUP', hup);
	}

	/** Applies the file once; a call while one runs makes it run again after (a SIGHUP mid-apply). */
	apply(): Promise<ProvisionOutcome> {
		if (this.#running) {
			this.#again = true;
			return this.#running;
		}
		this.#running = this.#once().finally(() => {
			this.#running = null;
			if (this.#again) {
				this.#again = false;
				void this.apply();
			}
		});
		return this.#running;
	}

	async #once(): Promise<ProvisionOutcome> {
		const out = (ok: boolean, errors: string[], summary: ApplySummary | null) => {
			this.last = { file: this.file, at: this.now(), ok, errors, summary };
			if (ok) this.log.info({ file: this.file, ...summary }, 'configuration file applied');
			else this.log.error({ file: this.file, errors }, 'configuration file not applied');
			return this.last;
		};
		let text: string;
		try {
			text = await readFile(this.file, 'utf8');
		} catch (err) {
			return out(false, [`${this.file}: cannot be read: ${(err as Error).message}`], null);
		}
		const p = parseConfigText(text, this.file);
		if (!p.ok) return out(false, p.errors, null);
		try {
			const r = await applyConfig(p.config, this.targets, this.file);
			return r.ok ? out(true, [], r.summary) : out(false, r.errors, null);
		} catch (err) {
			return out(false, [`${this.file}: applying failed: ${(err as Error).message}`], null);
		}
	}
}
