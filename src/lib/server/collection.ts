// A small persisted collection (budgets, groups): items in one Redis hash under the
// dashboard's prefix, validated with zod, every change appended to a bounded change stream.
// Loaded into memory on connect and at every reconcile, so all dashboard nodes converge.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Reply } from '../shared/events.ts';
import { DASHBOARD_PREFIX } from '../shared/contract.ts';
import type { RedisClient } from './redis.ts';

export const CHANGES_KEY = `${DASHBOARD_PREFIX}changes`;

export function describeIssues(err: z.ZodError): string {
	return err.issues
		.map((i) => (i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
		.join('; ');
}

export class Collection<T extends { name: string }> {
	#items = new Map<string, T & { id: string }>();
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

	list(): (T & { id: string })[] {
		return [...this.#items.values()].sort((a, b) => a.name.localeCompare(b.name));
	}

	get(id: string): (T & { id: string }) | undefined {
		return this.#items.get(id);
	}

	/** Re-reads the hash; items that no longer validate are skipped (and returned as problems). */
	async load(): Promise<string[]> {
		const raw = await this.client().hGetAll(this.key);
		const next = new Map<string, T & { id: string }>();
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

	async create(input: unknown, who = 'anonymous'): Promise<Reply<T & { id: string }>> {
		if (this.#items.size >= this.max) return { ok: false, msg: `at most ${this.max} ${this.kind}` };
		return this.#write(randomUUID(), input, 'create', who);
	}

	async update(id: string, input: unknown, who = 'anonymous'): Promise<Reply<T & { id: string }>> {
		if (!this.#items.has(id)) return { ok: false, msg: `no ${this.kind} with id "${id.slice(0, 60)}"` };
		return this.#write(id, input, 'update', who);
	}

	async remove(id: string, who = 'anonymous'): Promise<Reply<{ id: string }>> {
		const item = this.#items.get(id);
		if (!item) return { ok: false, msg: `no ${this.kind} with id "${id.slice(0, 60)}"` };
		if (!this.isConnected()) return { ok: false, msg: 'Redis is not connected; nothing was changed' };
		await this.client().multi().hDel(this.key, id).xAdd(CHANGES_KEY, '*', this.#change('delete', id, item.name, who), CAP).exec();
		this.#items.delete(id);
		this.onChange();
		return { ok: true, data: { id } };
	}

	async #write(id: string, input: unknown, action: string, who: string): Promise<Reply<T & { id: string }>> {
		const r = this.schema.safeParse(input);
		if (!r.success) return { ok: false, msg: describeIssues(r.error) };
		const dup = [...this.#items.values()].find((i) => i.id !== id && i.name.toLowerCase() === r.data.name.toLowerCase());
		if (dup) return { ok: false, msg: `a ${this.kind.replace(/s$/, '')} named "${r.data.name}" already exists` };
		if (!this.isConnected()) return { ok: false, msg: 'Redis is not connected; nothing was changed' };
		await this.client()
			.multi()
			.hSet(this.key, id, JSON.stringify(r.data))
			.xAdd(CHANGES_KEY, '*', this.#change(action, id, r.data.name, who), CAP)
			.exec();
		const item = { ...r.data, id };
		this.#items.set(id, item);
		this.onChange();
		return { ok: true, data: item };
	}

	#change(action: string, id: string, name: string, who: string): Record<string, string> {
		return { kind: this.kind, action, id, name, who };
	}
}

const CAP = { TRIM: { strategy: 'MAXLEN' as const, strategyModifier: '~' as const, threshold: 10_000 } };
