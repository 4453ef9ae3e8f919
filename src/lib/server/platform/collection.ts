// A small persisted collection (budgets, groups, alert rules): items in one Redis hash under
// the dashboard's prefix, validated with zod, every change appended to a bounded change
// stream. Loaded into memory on connect and at every reconcile, so all dashboard nodes
// converge.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import { describeIssues, fail, ok, redisAway, type Reply } from '../../shared/protocol/reply.ts';
import type { RedisClient } from '../redis/client.ts';

export const CHANGES_KEY = `${DASHBOARD_PREFIX}changes`;
/** the change stream is trimmed to about this many entries */
const CHANGES_MAX = 10_000;
const CAP = {
	TRIM: { strategy: 'MAXLEN' as const, strategyModifier: '~' as const, threshold: CHANGES_MAX }
};

export type Item<T> = T & { id: string };

// Items the configuration file (CONFIG_FILE) provisions have ids `file:<name>`: every node
// that applies the same file writes the same ids, and the API refuses to change them (409).
export { FILE_ID_PREFIX, isManaged } from '../../shared/protocol/config.ts';
import { isManaged } from '../../shared/protocol/config.ts';

export class Collection<T extends { name: string }> {
	#items = new Map<string, Item<T>>();
	readonly key: string;

	constructor(
		readonly kind: string,
		private readonly schema: z.ZodType<T>,
		private readonly client: () => RedisClient,
		private readonly isConnected: () => boolean,
		private readonly onChange: () => void,
		private readonly max = 1000
	) {
		this.key = `${DASHBOARD_PREFIX}${kind}`;
	}

	list(): Item<T>[] {
		return [...this.#items.values()].sort((a, b) => a.name.localeCompare(b.name));
	}

	get(id: string): Item<T> | undefined {
		return this.#items.get(id);
	}

	/** Re-reads the hash; items that no longer validate are skipped (and returned as problems). */
	async load(): Promise<string[]> {
		const raw = await this.client().hGetAll(this.key);
		const next = new Map<string, Item<T>>();
		const problems: string[] = [];
		for (const [id, json] of Object.entries(raw)) {
			try {
				const r = this.schema.safeParse(JSON.parse(json));
				if (r.success) next.set(id, { ...r.data, id });
				else problems.push(`${this.kind} ${id}: ${describeIssues(r.error)}`);
			} catch {
				problems.push(`${this.kind} ${id}: not JSON`);
			}
		}
		if (JSON.stringify([...next]) !== JSON.stringify([...this.#items])) {
			this.#items = next;
			this.onChange();
		}
		return problems;
	}

	async create(input: unknown, who = 'anonymous'): Promise<Reply<Item<T>>> {
		if (this.#items.size >= this.max) return fail('conflict', `at most ${this.max} ${this.kind}`);
		return this.#write(randomUUID(), input, 'create', who);
	}

	async update(id: string, input: unknown, who = 'anonymous'): Promise<Reply<Item<T>>> {
		if (!this.#items.has(id)) return this.#missing(id);
		if (isManaged(id)) return this.#readOnly(id);
		return this.#write(id, input, 'update', who);
	}

	async remove(id: string, who = 'anonymous'): Promise<Reply<{ id: string }>> {
		if (isManaged(id) && this.#items.has(id)) return this.#readOnly(id);
		return this.#remove(id, who);
	}

	/**
	 * The configuration file's write: creates or updates the item under its `file:` id, and
	 * writes nothing (no change entry either) when the stored item already equals it.
	 */
	async put(
		id: string,
		input: unknown,
		who: string
	): Promise<Reply<Item<T>> & { changed?: boolean }> {
		const r = this.schema.safeParse(input);
		if (!r.success) return fail('invalid', describeIssues(r.error));
		const cur = this.#items.get(id);
		if (cur && JSON.stringify({ ...r.data, id }) === JSON.stringify(cur))
			return { ...ok(cur), changed: false };
		const w = await this.#write(id, r.data, cur ? 'update' : 'create', who);
		return w.ok ? { ...w, changed: true } : w;
	}

	/** The configuration file's removal of an item it no longer declares. */
	drop(id: string, who: string): Promise<Reply<{ id: string }>> {
		return this.#remove(id, who);
	}

	#readOnly(id: string) {
		const name = this.#items.get(id)?.name ?? id;
		return fail(
			'read_only',
			`${this.kind.replace(/s$/, '')} "${name}" is managed by the configuration file (CONFIG_FILE): change it there`
		);
	}

	async #remove(id: string, who: string): Promise<Reply<{ id: string }>> {
		const item = this.#items.get(id);
		if (!item) return this.#missing(id);
		if (!this.isConnected()) return redisAway();
		await this.client()
			.multi()
			.hDel(this.key, id)
			.xAdd(CHANGES_KEY, '*', this.#change('delete', id, item.name, who), CAP)
			.exec();
		this.#items.delete(id);
		this.onChange();
		return ok({ id });
	}

	#missing(id: string) {
		return fail('not_found', `no ${this.kind} with id "${id.slice(0, 60)}"`);
	}

	async #write(id: string, input: unknown, action: string, who: string): Promise<Reply<Item<T>>> {
		const r = this.schema.safeParse(input);
		if (!r.success) return fail('invalid', describeIssues(r.error));
		const dup = [...this.#items.values()].find(
			(i) => i.id !== id && i.name.toLowerCase() === r.data.name.toLowerCase()
		);
		if (dup)
			return fail(
				'conflict',
				`a ${this.kind.replace(/s$/, '')} named "${r.data.name}" already exists`
			);
		if (!this.isConnected()) return redisAway();
		await this.client()
			.multi()
			.hSet(this.key, id, JSON.stringify(r.data))
			.xAdd(CHANGES_KEY, '*', this.#change(action, id, r.data.name, who), CAP)
			.exec();
		const item = { ...r.data, id };
		this.#items.set(id, item);
		this.onChange();
		return ok(item);
	}

	#change(action: string, id: string, name: string, who: string): Record<string, string> {
		return { kind: this.kind, action, id, name, who };
	}
}
