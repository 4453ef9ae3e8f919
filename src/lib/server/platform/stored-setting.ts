// A setting kept in Redis as one JSON value: shared by every dashboard node, validated on
// the way in (a clear error, nothing saved) and on the way out (a hand-edited value that does
// not validate falls back to the default and says why). Re-read on connect, at every reconcile
// and when another node says it changed; `onChange` runs only when the value really moved.
import type { z } from 'zod';
import { describeIssues, fail, ok, redisAway, type Reply } from '../../shared/protocol/reply.ts';
import type { RedisClient } from '../redis/client.ts';

export interface SettingSpec<T> {
	key: string;
	schema: z.ZodType<T>;
	fallback: T;
	/** how log lines and problems name it */
	label: string;
}

export class StoredSetting<T> {
	#value: T;
	#json: string;
	/** why the stored value was not used, if it was not */
	problem: string | null = null;
	/** the configuration file that declares this setting: the API may not change it */
	managedBy: string | null = null;

	constructor(
		readonly spec: SettingSpec<T>,
		private readonly client: () => RedisClient,
		private readonly isConnected: () => boolean,
		private readonly onChange: (value: T) => void
	) {
		this.#value = spec.fallback;
		this.#json = JSON.stringify(spec.fallback);
	}

	get value(): T {
		return this.#value;
	}

	async load(): Promise<void> {
		const raw = await this.client().get(this.spec.key);
		let next = this.spec.fallback;
		this.problem = null;
		if (raw !== null) {
			try {
				const r = this.spec.schema.safeParse(JSON.parse(raw));
				if (r.success) next = r.data;
				else this.problem = `stored ${this.spec.label} ignored: ${describeIssues(r.error)}`;
			} catch {
				this.problem = `stored ${this.spec.label} are not JSON; defaults in use`;
			}
		}
		this.#set(next);
	}

	/** Validates, saves, applies; the other nodes re-read it when the sync bus tells them. */
	async update(input: unknown, fromFile = false): Promise<Reply<T>> {
		if (this.managedBy && !fromFile)
			return fail(
				'read_only',
				`the ${this.spec.label} are managed by the configuration file (${this.managedBy}): change them there`
			);
		const r = this.spec.schema.safeParse(input);
		if (!r.success) return fail('invalid', describeIssues(r.error));
		if (!this.isConnected()) return redisAway();
		// the file's write is idempotent: an equal value is not written again
		if (fromFile && JSON.stringify(r.data) === this.#json) return ok(r.data);
		await this.client().set(this.spec.key, JSON.stringify(r.data));
		this.#set(r.data);
		return ok(r.data);
	}

	#set(next: T): void {
		const json = JSON.stringify(next);
		if (json === this.#json) return;
		this.#value = next;
		this.#json = json;
		this.onChange(next);
	}
}
