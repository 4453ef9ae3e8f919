// The live request tail: every helix:events entry this node reads is offered to the sockets
// that watch the tail, each through its own filter on the server (a browser receives only
// the rows it shows). Lossless by stream id: a browser that was away asks for the entries
// after the last id it has (after()), and pages back before the oldest (before()); the live
// rows and a backfill may overlap, never leave a gap, and the browser keeps each id once.
// Bounded: each read looks at TAIL_SCAN_MAX entries at most and says where it stopped.
// Live rows go to a socket at most every SEND_MS (the first after a quiet spell at once): at
// 1,000 req/s a read per flush made ~50 messages a second per browser, each a task that
// parses, merges and wakes the page, for a list it shows 4 times a second.
import { KEYS } from '../../shared/contract/keys.ts';
import { parseEvent, streamIdAfter, type GatewayEvent } from '../../shared/contract/parse.ts';
import {
	matches,
	TAIL_SCAN_MAX,
	type TailBatch,
	type TailFilter,
	type TailRow
} from '../../shared/protocol/tail.ts';
import type { RedisClient } from '../redis/client.ts';
import { redactText } from '../security/pii/redact.ts';
import type { HelixSocket } from '../socket/types.ts';

/** sockets one node lets watch the tail at once (each costs a filter per row) */
export const MAX_TAIL_WATCHERS = 1_000;
/** live rows go to a watcher at most this often */
export const SEND_MS = 250;
/** rows held for one watcher at most: a fuller buffer is sent at once (bounded memory, and
 * nothing dropped: 1,000 watchers × 2,000 rows is the most a node holds) */
export const SEND_MAX_ROWS = 2_000;

/** what a reader may see */
interface Scope {
	filter: TailFilter;
	/** a team-limited account: only its teams' rows */
	teams: string[] | null;
}

interface Watcher extends Scope {
	/** matching rows not sent yet, oldest first */
	held: TailRow[];
}

const clean = (s: string | null): string | null => (s === null ? null : redactText(s));

/** A row as it may leave the server: every free-text field redacted (a user id may be an e-mail). */
export function tailRow(id: string, ev: GatewayEvent): TailRow {
	return {
		id,
		ts: ev.ts,
		model: redactText(ev.model),
		user: redactText(ev.user),
		team: clean(ev.team),
		outcome: ev.outcome,
		status: ev.status,
		errorType: ev.errorType,
		latencyMs: ev.latencyMs,
		ttftMs: ev.ttftMs,
		tokensIn: ev.tokensIn,
		tokensOut: ev.tokensOut,
		costUsd: ev.costUsd,
		savedUsd: ev.savedUsd,
		similarity: ev.similarity,
		provider: clean(ev.provider),
		requestId: clean(ev.requestId)
	};
}

const visible = (w: Scope, r: TailRow) =>
	(!w.teams || (r.team !== null && w.teams.includes(r.team))) && matches(w.filter, r);

export class TailService {
	#watchers = new Map<HelixSocket, Watcher>();
	/** the newest id offered live: a re-read of the stream (a reset, a reconnect) offers none twice */
	#offered: string | null = null;
	/** when held rows last went out (monotonic ms), and the pending send */
	#sentAt = -Infinity;
	#timer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		private readonly client: () => RedisClient,
		private readonly key = KEYS.events,
		private readonly monotonic: () => number = () => performance.now()
	) {}

	get watchers(): number {
		return this.#watchers.size;
	}

	/** Starts (or changes) a socket's watch; false when this node has too many. */
	watch(socket: HelixSocket, filter: TailFilter, teams: string[] | null): boolean {
		if (!this.#watchers.has(socket) && this.#watchers.size >= MAX_TAIL_WATCHERS) return false;
		// rows held under an earlier watch were never sent: they come after the browser's
		// newest id, so the read after this watch (after()) brings them again, filtered anew
		this.#watchers.set(socket, { filter, teams, held: [] });
		return true;
	}

	unwatch(socket: HelixSocket): void {
		this.#watchers.delete(socket);
	}

	/** The entries the events reader just parsed, in stream order (called once per read). */
	offer(batch: { id: string; ev: GatewayEvent }[]): void {
		const fresh = batch.filter((e) => streamIdAfter(e.id, this.#offered));
		if (!fresh.length) return;
		this.#offered = fresh.at(-1)!.id;
		if (!this.#watchers.size) return;
		const rows = fresh.map((e) => tailRow(e.id, e.ev));
		let any = false;
		for (const [socket, w] of this.#watchers) {
			for (const r of rows) if (visible(w, r)) w.held.push(r);
			if (w.held.length >= SEND_MAX_ROWS) this.#sendTo(socket, w);
			any ||= w.held.length > 0;
		}
		if (!any || this.#timer) return;
		const wait = this.#sentAt + SEND_MS - this.monotonic();
		if (wait <= 0) this.#send();
		else this.#timer = setTimeout(() => this.#send(), wait);
	}

	/** every watcher's held rows out, in stream order */
	#send(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#sentAt = this.monotonic();
		for (const [socket, w] of this.#watchers) this.#sendTo(socket, w);
	}

	#sendTo(socket: HelixSocket, w: Watcher): void {
		if (!w.held.length) return;
		const rows = w.held;
		w.held = [];
		socket.emit('tail:rows', { rows });
	}

	close(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}

	/** helix:events was deleted or recreated: its ids start again */
	reset(): void {
		this.#offered = null;
	}

	/** The matching rows after `after`, oldest first (a browser catching up). */
	async after(filter: TailFilter, teams: string[] | null, after: string): Promise<TailBatch> {
		const entries = await this.client().xRange(this.key, `(${after}`, '+', {
			COUNT: TAIL_SCAN_MAX
		});
		return this.#batch(entries, { filter, teams }, Infinity);
	}

	/** Up to `limit` matching rows before `before` (or the newest), newest first. */
	async before(
		filter: TailFilter,
		teams: string[] | null,
		before: string | undefined,
		limit: number
	): Promise<TailBatch> {
		const entries = await this.client().xRevRange(this.key, before ? `(${before}` : '+', '-', {
			COUNT: TAIL_SCAN_MAX
		});
		const batch = this.#batch(entries, { filter, teams }, limit);
		return before ? batch : { ...batch, head: entries[0]?.id ?? null };
	}

	/**
	 * Matching rows with ids in [from, to] ms, newest first, read in pages of TAIL_SCAN_MAX
	 * entries until `maxRows` rows (the newest kept) or `maxPages` pages: bounded either way,
	 * and the answer says which bound stopped it and at which stream id (null: all was read).
	 * The request export and a user's figures read through it.
	 */
	async range(
		filter: TailFilter,
		teams: string[] | null,
		from: number,
		to: number,
		limits: { maxRows: number; maxPages: number }
	): Promise<{ rows: TailRow[]; stop: { by: 'rows' | 'pages'; at: string } | null }> {
		const rows: TailRow[] = [];
		let before: string | undefined;
		for (let page = 1; ; page++) {
			const entries = await this.client().xRevRange(
				this.key,
				before ? `(${before}` : `${to}`,
				`${from}`,
				{ COUNT: TAIL_SCAN_MAX }
			);
			const b = this.#batch(entries, { filter, teams }, Infinity);
			rows.push(...b.rows);
			if (rows.length >= limits.maxRows) {
				rows.length = limits.maxRows;
				return { rows, stop: { by: 'rows', at: rows.at(-1)!.id } };
			}
			if (!b.more || !b.cursor) return { rows, stop: null };
			before = b.cursor;
			if (page >= limits.maxPages) return { rows, stop: { by: 'pages', at: before } };
		}
	}

	#batch(
		entries: { id: string; message: Record<string, string> }[],
		w: Scope,
		limit: number
	): TailBatch {
		const rows: TailRow[] = [];
		let cursor: string | null = null;
		for (const { id, message } of entries) {
			cursor = id;
			const p = parseEvent(id, message);
			if (!p.ok) continue;
			const r = tailRow(id, p.value);
			if (visible(w, r)) rows.push(r);
			if (rows.length >= limit) break;
		}
		const more = rows.length >= limit || entries.length >= TAIL_SCAN_MAX;
		return { rows, more, cursor };
	}
}
