// The request tail in the browser: rows newest first, each stream id once. New rows arrive
// over the socket (tail:rows) already filtered by the server; they are shown in an animation
// frame at most every SHOW_MS whatever the rate (the first after a quiet spell at once), or
// held while paused (the page shows "N new"). On every
// (re)connect the watch asks for what came after the newest id received, so a connection
// that drops loses nothing; older rows are paged in by id as the list scrolls back.
import type { Reply } from '../shared/protocol/reply.ts';
import type { TailBatch, TailFilter, TailRow } from '../shared/protocol/tail.ts';
import { getSocket } from './socket.ts';

/** rows the browser holds (older ones are paged in again when scrolled to) */
export const KEEP = 5_000;
/** At 1,000 req/s a frame per row batch (~30 a second) kept a quarter of a core busy painting
 * a list nobody can read that fast; 2 merges a second (500 rows each at that rate; a lone row
 * at once) cost the page 4.6% of a core, 4 a second 6.4%. */
const SHOW_MS = 500;

/** Stream ids compare as (ms, seq) numbers. */
export function cmpId(a: string, b: string): number {
	const [am = 0, as = 0] = a.split('-').map(Number);
	const [bm = 0, bs = 0] = b.split('-').map(Number);
	return am - bm || as - bs;
}

/** Merges two newest-first lists into one, newest first. */
function merge(a: TailRow[], b: TailRow[]): TailRow[] {
	const out: TailRow[] = [];
	let i = 0;
	let j = 0;
	while (i < a.length || j < b.length) {
		if (j >= b.length || (i < a.length && cmpId(a[i]!.id, b[j]!.id) > 0)) out.push(a[i++]!);
		else out.push(b[j++]!);
	}
	return out;
}

export class TailState {
	rows = $state.raw<TailRow[]>([]);
	paused = $state(false);
	/** rows received while paused */
	waiting = $state(0);
	error = $state<string | null>(null);
	/** older rows exist beyond the last one held */
	olderMore = $state(false);
	loadingOlder = $state(false);
	/** rows the server sent since the page opened (live and backfill), for the page's counters */
	received = $state(0);

	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
	#ids = new Set<string>();
	#pending: TailRow[] = [];
	#frame = 0;
	#wait: ReturnType<typeof setTimeout> | undefined;
	/** when pending rows were last shown (performance.now) */
	#shownAt = -Infinity;
	/** everything up to this id has been received: a (re)connect asks for what came after it */
	#contiguous: string;
	/** the watch's backfill has reached the stream's head: live rows extend #contiguous */
	#caughtUp = false;
	/** where paging back continues */
	#older: string | null;

	constructor(
		private readonly filter: TailFilter,
		first: TailBatch | null
	) {
		const rows = first?.rows ?? [];
		for (const r of rows) this.#ids.add(r.id);
		this.rows = rows;
		// the first page was read from the stream's head: everything up to it is here (or did
		// not match); an empty stream starts at 0-0
		this.#contiguous = first?.head ?? rows[0]?.id ?? '0-0';
		this.#older = first?.cursor ?? null;
		this.olderMore = first?.more ?? false;
	}

	/** Watches the tail for the page's lifetime; returns the cleanup. */
	start(): () => void {
		const socket = getSocket();
		const onRows = (b: { rows: TailRow[] }) => this.#receive(b.rows);
		const onConnect = () => void this.#watch();
		socket.on('tail:rows', onRows);
		socket.on('connect', onConnect);
		if (socket.connected) void this.#watch();
		return () => {
			socket.off('tail:rows', onRows);
			socket.off('connect', onConnect);
			socket.emit('tail:unwatch');
			cancelAnimationFrame(this.#frame);
			clearTimeout(this.#wait);
		};
	}

	async #watch(): Promise<void> {
		// backfill in bounded chunks from where the rows stop being contiguous; live rows that
		// arrive meanwhile are newer and kept, but only the backfill's cursor moves the mark
		this.#caughtUp = false;
		let after = this.#contiguous;
		for (;;) {
			const r = await this.#ask<TailBatch>('tail:watch', { filter: this.filter, after });
			if (!r.ok) {
				this.error = r.msg;
				return;
			}
			this.error = null;
			this.#receive(r.data.rows);
			const last = r.data.rows.at(-1)?.id ?? r.data.cursor;
			if (last && cmpId(last, after) > 0) after = last;
			this.#contiguous = after;
			if (!r.data.more || !r.data.cursor) break;
			after = r.data.cursor;
		}
		this.#caughtUp = true;
		this.#contiguous = this.#newestHeld(after);
	}

	/** the newest id held (shown or pending), or `floor` */
	#newestHeld(floor: string): string {
		let top = floor;
		for (const id of [this.rows[0]?.id, ...this.#pending.map((r) => r.id)])
			if (id && cmpId(id, top) > 0) top = id;
		return top;
	}

	#ask<T>(event: 'tail:watch' | 'tail:page', req: unknown): Promise<Reply<T>> {
		return new Promise((resolve) => {
			getSocket()
				.timeout(15_000)
				.emit(event as 'tail:watch', req as never, (err: Error | null, reply: Reply<TailBatch>) =>
					resolve(
						err
							? { ok: false, code: 'unavailable', msg: 'the server did not answer in time' }
							: (reply as Reply<T>)
					)
				);
		});
	}

	#receive(rows: TailRow[]): void {
		let n = 0;
		for (const r of rows) {
			if (this.#ids.has(r.id)) continue;
			this.#ids.add(r.id);
			this.#pending.push(r);
			if (this.#caughtUp && cmpId(r.id, this.#contiguous) > 0) this.#contiguous = r.id;
			n++;
		}
		if (!n) return;
		this.received += n;
		if (this.paused) this.waiting += n;
		else this.#schedule();
	}

	#schedule(): void {
		if (this.#frame || this.#wait) return;
		const wait = this.#shownAt + SHOW_MS - performance.now();
		if (wait > 0) {
			this.#wait = setTimeout(() => {
				this.#wait = undefined;
				this.#schedule();
			}, wait);
			return;
		}
		this.#frame = requestAnimationFrame(() => {
			this.#frame = 0;
			this.#shownAt = performance.now();
			this.#show();
		});
	}

	/** Pending rows into the list: one merge per frame. */
	#show(): void {
		if (!this.#pending.length) return;
		const fresh = this.#pending.sort((a, b) => cmpId(b.id, a.id));
		this.#pending = [];
		let next = merge(fresh, this.rows);
		if (next.length > KEEP) {
			for (const r of next.slice(KEEP)) this.#ids.delete(r.id);
			next = next.slice(0, KEEP);
			this.#older = next.at(-1)!.id;
			this.olderMore = true;
		}
		this.rows = next;
	}

	pause(): void {
		this.paused = true;
	}

	resume(): void {
		this.paused = false;
		this.waiting = 0;
		this.#schedule();
	}

	/** The next page of older rows (by id), when the list is scrolled to its end. */
	async loadOlder(): Promise<void> {
		if (this.loadingOlder || !this.olderMore) return;
		this.loadingOlder = true;
		const r = await this.#ask<TailBatch>('tail:page', {
			filter: this.filter,
			before: this.#older ?? undefined,
			limit: 100
		});
		this.loadingOlder = false;
		if (!r.ok) {
			this.error = r.msg;
			return;
		}
		const older = r.data.rows.filter((x) => !this.#ids.has(x.id));
		for (const x of older) this.#ids.add(x.id);
		this.rows = merge(this.rows, older);
		this.#older = r.data.cursor;
		this.olderMore = r.data.more;
	}
}
