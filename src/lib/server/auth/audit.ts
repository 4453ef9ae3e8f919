// The audit log: who did what, from where, to what, and how it ended. Every entry goes to
// the log file at once and to a bounded Redis stream (shared by every node, shown on the
// admin page). While Redis is away entries wait in memory (bounded) and are written on
// reconnect, so an outage loses none of them short of the bound.
import Papa from 'papaparse';
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import type { AuditEntry, AuditResult } from '../../shared/auth.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { RedisClient } from '../redis/client.ts';
import { redactText } from '../security/pii/redact.ts';

export type { AuditEntry, AuditResult };

export const AUDIT_KEY = `${DASHBOARD_PREFIX}audit`;
const PENDING_MAX = 10_000;

export interface AuditQuery {
	actor?: string;
	action?: string;
	result?: AuditResult;
	from?: number;
	to?: number;
	limit: number;
}

export class AuditLog {
	#pending: AuditEntry[] = [];
	dropped = 0;

	constructor(
		private readonly client: () => RedisClient,
		private readonly isConnected: () => boolean,
		private readonly log: Logger,
		private readonly maxLen: number
	) {}

	record(raw: AuditEntry): void {
		// free text can echo what a caller typed (a user name that is an e-mail, a bad id): redacted like everything else
		const e = { ...raw, target: redactText(raw.target), detail: redactText(raw.detail) };
		this.log.info({ audit: e }, `audit ${e.action} ${e.result}`);
		this.#pending.push(e);
		if (this.#pending.length > PENDING_MAX) {
			this.#pending.shift();
			this.dropped++;
		}
		void this.flush();
	}

	#flushing = false;
	/** Writes waiting entries; called after each record and when Redis comes back. */
	async flush(): Promise<void> {
		if (this.#flushing || !this.isConnected() || !this.#pending.length) return;
		this.#flushing = true;
		try {
			while (this.#pending.length) {
				const batch = this.#pending.slice(0, 500);
				const m = this.client().multi();
				for (const e of batch) {
					m.xAdd(AUDIT_KEY, '*', toFields(e), {
						TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: this.maxLen }
					});
				}
				await m.exec();
				this.#pending.splice(0, batch.length);
			}
		} catch (err) {
			this.log.warn(
				{ err: (err as Error).message, waiting: this.#pending.length },
				'audit entries not yet stored in Redis; kept for retry'
			);
		} finally {
			this.#flushing = false;
		}
	}

	get waiting(): number {
		return this.#pending.length;
	}

	/** Newest first. Filters run over at most `scan` newest entries in the time range. */
	async query(q: AuditQuery, scan = 20_000): Promise<AuditEntry[]> {
		const out: AuditEntry[] = [];
		const end = q.to !== undefined ? String(q.to) : '+';
		const start = q.from !== undefined ? String(q.from) : '-';
		let cursor = end;
		let seen = 0;
		while (out.length < q.limit && seen < scan) {
			const batch = await this.client().xRevRange(AUDIT_KEY, cursor, start, { COUNT: 1000 });
			if (!batch.length) break;
			for (const m of batch) {
				const e = fromFields(m.id, m.message as Record<string, string>);
				if (q.actor && e.actor !== q.actor) continue;
				if (q.action && !e.action.startsWith(q.action)) continue;
				if (q.result && e.result !== q.result) continue;
				out.push(e);
				if (out.length >= q.limit) break;
			}
			seen += batch.length;
			if (batch.length < 1000) break;
			cursor = `(${batch.at(-1)!.id}`;
		}
		return out;
	}
}

function toFields(e: AuditEntry): Record<string, string> {
	return {
		at: String(e.at),
		actor: e.actor,
		role: e.role,
		ip: e.ip,
		action: e.action,
		target: e.target,
		result: e.result,
		detail: e.detail
	};
}

function fromFields(id: string, f: Record<string, string>): AuditEntry {
	const at = Number(f.at);
	return {
		at: Number.isFinite(at) ? at : Number(id.split('-')[0]),
		actor: f.actor ?? '?',
		role: f.role ?? '?',
		ip: f.ip ?? '?',
		action: f.action ?? '?',
		target: f.target ?? '',
		result: (['ok', 'denied', 'failed'] as const).find((r) => r === f.result) ?? 'failed',
		detail: f.detail ?? ''
	};
}

/** Audit entries as CSV (formula-looking cells neutralised), times in ISO-8601 UTC. */
export function auditCsv(rows: AuditEntry[]): string {
	return Papa.unparse(
		rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
		{
			columns: ['at', 'actor', 'role', 'ip', 'action', 'target', 'result', 'detail'],
			escapeFormulae: true
		}
	);
}
