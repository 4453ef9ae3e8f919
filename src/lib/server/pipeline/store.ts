// The dashboard's in-memory copy of what the gateway wrote: raw values per key, as last
// read from Redis. Topics derive their room state from it. Never written to directly by a
// notification — only by readers after a real read (notifications are a doorbell).
import type { CacheOutcome, GatewayEvent } from '../../shared/contract/parse.ts';
import { localTime, UTC, type Zone } from '../../shared/time.ts';
import type { DataProblem } from '../../shared/protocol/state/overview.ts';
import { Entities } from './entities.ts';
import { EventStats } from './event-stats.ts';
import { redactText } from '../security/pii/redact.ts';
import { IncidentBook, type IncidentSet } from '../security/incidents.ts';

export interface LatencySample {
	ts: number;
	latencyMs: number;
}

/**
 * Recent per-request latencies from helix:events, for p50/p95/p99 over a time window: a ring
 * of at most `cap` samples in insertion order. At 1,000 req/s a full window took a
 * splice of 5,000 elements per request and a comparator sort of 5,000 per flush (~4% of a
 * core); now a push and an expiry are O(1) each and a percentile after a change costs one
 * native numeric sort of `cap` numbers at most (kept until the next change).
 */
export class LatencyWindow {
	readonly #ts: Float64Array;
	readonly #ms: Float64Array;
	/** the oldest sample's slot, and how many there are */
	#head = 0;
	#count = 0;
	#sorted: Float64Array | null = null;

	constructor(
		readonly windowMs: number,
		readonly cap: number
	) {
		this.#ts = new Float64Array(cap);
		this.#ms = new Float64Array(cap);
	}

	reset(): void {
		this.#head = 0;
		this.#count = 0;
		this.#sorted = null;
	}

	push(s: LatencySample): void {
		if (this.cap === 0) return;
		// a full ring overwrites its oldest sample
		const i = (this.#head + this.#count) % this.cap;
		this.#ts[i] = s.ts;
		this.#ms[i] = s.latencyMs;
		if (this.#count < this.cap) this.#count++;
		else this.#head = (this.#head + 1) % this.cap;
		this.#sorted = null;
	}

	/** Drops samples older than the window; returns whether anything was dropped. */
	expire(now: number): boolean {
		const cutoff = now - this.windowMs;
		let dropped = 0;
		while (this.#count > 0 && this.#ts[this.#head]! < cutoff) {
			this.#head = (this.#head + 1) % this.cap;
			this.#count--;
			dropped++;
		}
		if (dropped === 0) return false;
		this.#sorted = null;
		return true;
	}

	get size(): number {
		return this.#count;
	}

	/** Nearest-rank percentile, p in (0, 100]. */
	percentile(p: number): number | null {
		if (this.#count === 0) return null;
		if (!this.#sorted) {
			const out = new Float64Array(this.#count);
			const first = Math.min(this.#count, this.cap - this.#head);
			out.set(this.#ms.subarray(this.#head, this.#head + first));
			out.set(this.#ms.subarray(0, this.#count - first), first);
			this.#sorted = out.sort(); // a typed array sorts numerically, natively
		}
		const rank = Math.ceil((p / 100) * this.#sorted.length);
		return this.#sorted[Math.max(0, rank - 1)]!;
	}
}

/** data problems kept (the page lists the newest 20) */
export const MAX_PROBLEMS = 1_000;

/** Takes each batch of parsed helix:events entries in stream order; reset when the stream starts over. */
export interface EventSink {
	offer(batch: { id: string; ev: GatewayEvent }[]): void;
	reset(): void;
}

export class Store {
	/** INCR counters; null = the key holds something that is not a counter */
	readonly counters = new Map<string, number | null>();
	/** daily sorted sets (spend, saved): key -> date -> USD; absent key = no entry */
	readonly daily = new Map<string, Map<string, number>>();
	readonly listLengths = new Map<string, number | null>();
	latencyMaxS: number | null = null;
	readonly latency: LatencyWindow;
	readonly eventStats = new EventStats();
	/** requests per local hour of the week in the dashboard's zone (0 = Sunday 00:00–01:00),
	 * from helix:events: counted at the local time of each request, so DST and +5:45 zones
	 * put every request in its own local hour */
	readonly hourOfWeek = new Float64Array(168);
	hourOfWeekEvents = 0;
	hourOfWeekSince: number | null = null;
	/** the first read of helix:events started here (ms); older entries are back-filled on demand */
	eventsReadFrom: number | null = null;
	/** last stream id counted into hourOfWeek (each id once) */
	heatmapEventId: string | null = null;
	/** per-user and per-model daily series and the user -> team map */
	readonly entities = new Entities();
	/** last helix:events id read, for incremental XRANGE */
	lastEventId: string | null = null;
	lastWriteAt: number | null = null;
	/** requests per cache outcome read from helix:events since start (each id counted once) */
	readonly outcomes: Record<CacheOutcome, number> = { exact: 0, semantic: 0, miss: 0 };
	countedEventId: string | null = null;
	/** set by the first full read: history before the dashboard started is not counted */
	outcomeBaseline = false;
	readonly problems = new Map<string, DataProblem>();
	/** helix:pii:incidents, parsed and already redacted; null before the first read */
	incidents: IncidentSet | null = null;
	readonly incidentBook = new IncidentBook();
	/** who wants every parsed helix:events entry as it is read (the request tail) */
	eventSink: EventSink | null = null;

	constructor(
		/** the dashboard's zone: the heatmap's hours are its local hours */
		readonly zone: Zone = UTC,
		latencyWindowMs = 60_000,
		latencyCap = 5_000
	) {
		this.latency = new LatencyWindow(latencyWindowMs, latencyCap);
	}

	/** helix:events was deleted or recreated: what was counted from it no longer describes it */
	resetEvents(): void {
		this.eventSink?.reset();
		this.lastEventId = null;
		this.latency.reset();
		this.eventStats.reset();
		this.hourOfWeek.fill(0);
		this.hourOfWeekEvents = 0;
		this.hourOfWeekSince = null;
		this.heatmapEventId = null;
		this.eventsReadFrom = null;
	}

	countHourOfWeek(ts: number): void {
		const t = localTime(ts, this.zone);
		this.hourOfWeek[t.weekday * 24 + t.hour]!++;
		this.hourOfWeekEvents++;
		if (this.hourOfWeekSince === null || ts < this.hourOfWeekSince) this.hourOfWeekSince = ts;
	}

	noteWrite(at: number): void {
		if (this.lastWriteAt === null || at > this.lastWriteAt) this.lastWriteAt = at;
	}

	/** Records a malformed record or value under its key; `count` skipped records. */
	problem(key: string, message: string, at: number, count = 1): void {
		const prev = this.problems.get(key);
		// bounded: 200,000 broken user keys keep the newest MAX_PROBLEMS, not 200,000 entries
		if (!prev && this.problems.size >= MAX_PROBLEMS)
			this.problems.delete(this.problems.keys().next().value!);
		// messages quote the offending value, which came from outside: redact it like any text
		this.problems.set(key, {
			key,
			message: redactText(message),
			at,
			count: (prev?.count ?? 0) + count
		});
	}

	problemList(max = 20): DataProblem[] {
		return [...this.problems.values()].sort((a, b) => b.at - a.at).slice(0, max);
	}

	dailySum(key: string): number | null {
		const days = this.daily.get(key);
		if (!days) return null;
		let sum = 0;
		for (const v of days.values()) sum += v;
		return sum;
	}
}
