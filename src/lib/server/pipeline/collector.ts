// Dirty keys in, one pipelined read per flush, store updated, listeners told.
//
// Flushes are throttled on the LEADING edge: the first key marked dirty after a quiet spell
// is flushed on the next tick, so a lone write reaches the screen in milliseconds; while
// writes keep coming, at most one flush starts per `flushIntervalMs`, so thousands of writes
// per second cost one read pipeline per interval, whatever the number of browsers.
// An incident is news, not traffic: a write to an EXPRESS key (the PII incident list) does
// not wait out the interval — a flush of the EXPRESS keys alone starts on the next tick (or
// as soon as the running flush ends), and the traffic's keys keep their turn. At most one
// such early flush per interval, so an incident storm costs at most twice the flushes of the
// throttle alone.
import { ENTITY_PATTERNS, KEYS } from '../../shared/contract/keys.ts';
import type { Clock } from '../../shared/time.ts';
import type { Logger } from '../platform/logging/log.ts';
import { readKey, RECONCILE_KEYS } from './readers.ts';
import { type Apply } from './read-step.ts';
import type { RedisClient } from '../redis/client.ts';
import type { Store } from './store.ts';

const SUSPECT_MS = 500;
export const MAX_KEYS_PER_FLUSH = 2_000;
/** Keys whose write is news an operator waits for: they skip the throttle (once per interval).
 * 8 Overview pages on 2 cores at 1,000 req/s (the simulator's 50 ms batches), write → DOM of
 * an incident: p50 17–20 → 9–11 ms, p99 50–69 → 31–51 ms (30 s pooled, four and five runs);
 * `npm run bench -- --only pages`: p99 38.6 / 37.7 ms. The early flush reads them alone: when
 * it also read the ~100–165 traffic keys dirty by then, the incident's server time
 * (notification → delta) was p99 16–27 ms, and 8–19 ms alone; the bench's p99 then
 * 47.6 / 33.4 / 35.1 ms. */
export const EXPRESS_KEYS: ReadonlySet<string> = new Set([KEYS.piiIncidents]);
/** A flush applies its reads in slices of at most this long, yielding to the event loop in
 * between: 2,000 user keys' aggregates took 200–640 ms in one piece (200,000 users, the first
 * seconds of traffic), and every socket and HTTP request waited that long. Rooms refresh
 * once the whole flush is applied, as before. */
export const APPLY_SLICE_MS = 5;

export interface CollectorStats {
	flushes: number;
	reconciles: number;
	reconcileCorrections: number;
	lastReconcileAt: number | null;
	lastFlushMs: number;
}

export interface CollectorDeps {
	client: RedisClient;
	store: Store;
	clock: Clock;
	flushIntervalMs: number;
	log: Logger;
	/** called after every flush that changed the store */
	onChange: () => void;
	/** is the command connection usable? A flush while down would only fail */
	isConnected: () => boolean;
	/** how long one slice of a flush's apply may run before it yields (APPLY_SLICE_MS; tests) */
	applySliceMs?: number;
	/** after each flush, its duration in seconds (metrics) */
	onFlushed?: (seconds: number) => void;
	/** a lost notification found by a reconcile (metrics) */
	onCorrection?: () => void;
}

export class Collector {
	readonly stats: CollectorStats = {
		flushes: 0,
		reconciles: 0,
		reconcileCorrections: 0,
		lastReconcileAt: null,
		lastFlushMs: 0
	};
	#dirty = new Set<string>();
	/** keys queued by a reconcile and not (yet) by a notification */
	#reconcileOnly = new Set<string>();
	#full = false;
	#countCorrections = false;
	/**
	 * Keys a reconcile found changed. The notification for a write can arrive just after the
	 * reconcile read it (separate connections), so a change only counts as a lost
	 * notification if none arrives for the key within SUSPECT_MS.
	 */
	#suspects = new Map<string, number>();
	#timer: ReturnType<typeof setTimeout> | null = null;
	#flushing: Promise<void> | null = null;
	/** keys the running flush reads and applies */
	#inFlight = 0;
	#lastFlushStart = -Infinity;
	/** when the last flush started early for an EXPRESS key (monotonic) */
	#lastEarlyStart = -Infinity;
	#closed = false;

	constructor(private readonly deps: CollectorDeps) {}

	/** The doorbell: a keyspace notification for `key`. Cheap, called thousands of times a second. */
	markDirty(key: string): void {
		this.#dirty.add(key);
		this.#reconcileOnly.delete(key);
		this.#suspects.delete(key);
		// a flush waiting out the interval is brought forward (if this interval's early one is unused)
		if (EXPRESS_KEYS.has(key) && this.#timer && this.#earlyAllowed()) {
			clearTimeout(this.#timer);
			this.#timer = null;
		}
		this.#schedule();
	}

	/**
	 * Re-read every known key in full; resolves when that flush is done. `countCorrections`
	 * is off for the first read after (re)connecting, where changes are expected.
	 */
	async reconcile(countCorrections = true): Promise<void> {
		this.#countCorrections = countCorrections;
		for (const key of RECONCILE_KEYS) {
			if (!this.#dirty.has(key)) this.#reconcileOnly.add(key);
			this.#dirty.add(key);
		}
		this.#full = true;
		this.stats.reconciles++;
		this.stats.lastReconcileAt = this.deps.clock.now();
		await this.flushNow();
	}

	/**
	 * Per-user and per-model keys are too many to re-read every REFRESH_INTERVAL: they are
	 * discovered with SCAN and re-read on connect and every ENTITY_RECONCILE_MS. Keys the
	 * store holds but SCAN no longer finds are re-read too, so a deleted key disappears.
	 */
	async reconcileEntities(): Promise<number> {
		const { store } = this.deps;
		const found = new Set<string>(store.entities.keys());
		const scanned = new Set<string>();
		for (const match of ENTITY_PATTERNS) {
			for await (const batch of this.deps.client.scanIterator({ MATCH: match, COUNT: 1000 }))
				for (const k of batch) {
					found.add(k);
					scanned.add(k);
				}
		}
		// a key whose name could not be decoded holds no entity: its problem goes when the key does
		for (const k of store.problems.keys())
			if (k.includes('\uFFFD') && !scanned.has(k)) store.problems.delete(k);
		for (const k of found) this.#dirty.add(k);
		this.#schedule();
		return found.size;
	}

	/** Waits for the running flush, then flushes whatever is dirty. */
	async flushNow(): Promise<void> {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		while (this.#flushing) await this.#flushing;
		await this.#flush();
	}

	/** keys known changed and not yet applied: dirty ones and the running flush's */
	get pending(): number {
		return this.#dirty.size + this.#inFlight;
	}

	close(): void {
		this.#closed = true;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}

	#settleSuspects(now: number): void {
		for (const [key, at] of this.#suspects) {
			if (now - at < SUSPECT_MS) continue;
			this.#suspects.delete(key);
			this.stats.reconcileCorrections++;
			this.deps.onCorrection?.();
			// nothing told us about this write: it happened at the latest by the reconcile
			this.deps.store.noteWrite(at);
		}
	}

	#earlyAllowed(): boolean {
		return performance.now() - this.#lastEarlyStart >= this.deps.flushIntervalMs;
	}

	/** is an EXPRESS key dirty? (one a flush left for MAX_KEYS_PER_FLUSH included) */
	#expressDirty(): boolean {
		for (const k of EXPRESS_KEYS) if (this.#dirty.has(k)) return true;
		return false;
	}

	#schedule(): void {
		if (this.#timer || this.#flushing || this.#closed) return;
		// monotonic time: throttling must not depend on the injectable (business) clock
		let wait = Math.max(0, this.#lastFlushStart + this.deps.flushIntervalMs - performance.now());
		// the EXPRESS keys alone first even when the throttle's turn is due: read together with the
		// traffic's keys (~100–165 at 1,000 req/s), they would wait for all of their replies
		const early = this.#expressDirty() && this.#earlyAllowed();
		if (early) wait = 0;
		this.#timer = setTimeout(() => {
			this.#timer = null;
			if (early) this.#lastEarlyStart = performance.now();
			void this.#flush(early);
		}, wait);
	}

	/** `early`: the EXPRESS keys' flush inside the interval — it reads them alone, and the
	 * traffic's keys wait for the throttle's turn, which it leaves where it was if any wait */
	async #flush(early = false): Promise<void> {
		if (this.#dirty.size === 0 || this.#closed || !this.deps.isConnected()) return;
		const { client, store, clock, log } = this.deps;
		// early: scheduled because an EXPRESS key was dirty, and still is (flushNow(), the only
		// other reader, clears the timer first)
		const keys = early ? [...EXPRESS_KEYS].filter((k) => this.#dirty.has(k)) : [];
		// bounded batches: a reconcile of 40,000 per-user keys must not stall live updates
		if (!early)
			for (const k of this.#dirty) {
				keys.push(k);
				if (keys.length >= MAX_KEYS_PER_FLUSH) break;
			}
		const reconcileOnly = new Set<string>();
		for (const k of keys) {
			this.#dirty.delete(k);
			if (this.#reconcileOnly.delete(k)) reconcileOnly.add(k);
		}
		const full = this.#full && keys.includes(KEYS.events);
		if (full) this.#full = false;
		const countCorrections = this.#countCorrections;
		this.#countCorrections = false;
		// an early flush that left nothing waiting was this interval's flush: an incident storm
		// alone then costs the throttle's flushes, not twice them
		if (!early || this.#dirty.size === 0) this.#lastFlushStart = performance.now();
		this.#settleSuspects(clock.now());
		const started = performance.now();

		const run = (async () => {
			// All reads are issued in this same tick: one pipeline, one round trip.
			const readAt = clock.now();
			const results = await Promise.allSettled(
				keys.map((k) => readKey(client, k, store, full, readAt))
			);
			const now = clock.now();
			let changed = false;
			let failed = 0;
			let slice = performance.now();
			for (const [i, r] of results.entries()) {
				if (performance.now() - slice > (this.deps.applySliceMs ?? APPLY_SLICE_MS)) {
					await new Promise((resolve) => setImmediate(resolve));
					slice = performance.now();
				}
				const key = keys[i]!;
				if (r.status === 'rejected') {
					// connection lost mid-flush: keep the old value; the reconcile on 'ready' re-reads
					failed++;
					continue;
				}
				const applied = (r.value as Apply)(store, now);
				if (applied.changed) {
					changed = true;
					if (countCorrections && reconcileOnly.has(key)) this.#suspects.set(key, now);
				}
				if (applied.more) this.#dirty.add(key);
				if (applied.rereadEvents) {
					this.#dirty.add(KEYS.events);
					this.#full = true;
				}
			}
			if (failed > 0)
				log.warn(
					{ failed, keys: keys.length },
					'flush reads failed; values kept until Redis is back'
				);
			this.stats.flushes++;
			this.stats.lastFlushMs = performance.now() - started;
			this.deps.onFlushed?.(this.stats.lastFlushMs / 1000);
			if (changed) this.deps.onChange();
		})();
		this.#flushing = run;
		this.#inFlight = keys.length;
		try {
			await run;
		} catch (err) {
			log.error({ err: (err as Error).message }, 'flush failed');
		} finally {
			this.#inFlight = 0;
			this.#flushing = null;
			if (this.#dirty.size > 0) this.#schedule();
		}
	}
}
