// The one rollup writer: the node holding the leader lease consumes helix:events from a
// cursor kept in Redis and commits each batch, the new cursor and the coverage in one Lua
// script that first checks the state's version. A writer that lost the lease mid-round (or a
// second one) finds the version moved and commits nothing, so every request is counted once
// across handovers, crashes and restarts; on start it catches up from the cursor as far as
// the stream still reaches. Counter-only gateways are sampled every SAMPLE_MS instead; the
// host, Redis and this process are sampled into the same rollups (sources.ts).
import { KEYS } from '../../shared/contract/keys.ts';
import { parseEvent, streamIdAfter, streamIdTime } from '../../shared/contract/parse.ts';
import type { Clock, Zone } from '../../shared/time.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { Store } from '../pipeline/store.ts';
import type { RedisClient } from '../redis/client.ts';
import type { Lease } from '../redis/lease.ts';
import { Batch } from './batch.ts';
import { counterSample, SAMPLE_MS } from './counters.ts';
import { MAX_SERIES, PII_SEEN_KEY, seriesSetKey, TIP_CHANNEL } from './keys.ts';
import { commit, readState, redisTime, streamInfo } from './state.ts';
import type { SystemSource } from './sources.ts';
import type { Tier } from './tiers.ts';

/** one round a second; a round reads at most BATCH stream entries (catch-up: BATCH per round) */
export const WRITE_MS = 1_000;
export const BATCH = 10_000;
/** entries one XRANGE of a round reads: a reply is decoded in one piece on the event loop (a
 * second's 1,000 entries at 1,000 req/s took ~20 ms, the server's longest block); a round
 * reads its entries in pages, so other work runs between them */
export const PAGE = 250;

/**
 * Up to `max` entries after `cursor` (all from the start when null), a page of PAGE at a time:
 * the caller folds each page in before the next is read, so no entry outlives its page (a
 * round's 1,000 entries held until its end lived long enough to be promoted, and were then
 * old-space garbage).
 */
async function* pagesAfter(
	client: RedisClient,
	cursor: string | null,
	max: number
): AsyncGenerator<{ id: string; message: Record<string, string> }[]> {
	let from = cursor === null ? '-' : `(${cursor}`;
	for (let read = 0; read < max;) {
		const count = Math.min(PAGE, max - read);
		const page = await client.xRange(KEYS.events, from, '+', { COUNT: count });
		if (page.length) yield page;
		read += page.length;
		if (page.length < count) return;
		from = `(${page.at(-1)!.id}`;
	}
}

export interface WriterDeps {
	client: RedisClient;
	isConnected: () => boolean;
	lease: Lease;
	store: Store;
	tiers: Tier[];
	zone: Zone;
	clock: Clock;
	log: Logger;
	system: SystemSource;
}

export interface WriterStats {
	rounds: number;
	commits: number;
	conflicts: number;
	events: number;
	lastError: string | null;
}

export class HistoryWriter {
	readonly stats: WriterStats = { rounds: 0, commits: 0, conflicts: 0, events: 0, lastError: null };
	#timer: ReturnType<typeof setInterval> | null = null;
	#running = false;
	#lastSample = -Infinity;
	/** series names known to the hour tier, loaded when this node becomes the writer */
	#names: Record<'model' | 'team', Set<string>> | null = null;
	#wasLeader = false;
	/** the incident list (by identity) whose incidents are all in the rollups */
	#incidentsDone: unknown = null;
	/** the last round read a full BATCH: more is waiting */
	#behind = false;
	/**
	 * the models that also get a 1-minute series (those an SLO names: its 5 min … 6 h burn
	 * windows need it); every other model has the hour tier's only
	 */
	fineModels: () => ReadonlySet<string> = () => new Set();

	constructor(private readonly deps: WriterDeps) {}

	start(): void {
		// a round that read a full BATCH is behind (catching up after downtime): the next one
		// runs at once, so catch-up is bounded by Redis and this process, not by WRITE_MS
		this.#timer ??= setInterval(() => void this.#catchUp(), WRITE_MS);
		this.#timer.unref?.();
	}

	async #catchUp(): Promise<void> {
		while ((await this.round()) && this.#behind && this.#timer) {
			await new Promise((r) => setImmediate(r)); // let requests and sockets in between
		}
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}

	/** One round (tests call it directly): nothing unless this node holds the lease. */
	async round(): Promise<boolean> {
		const { lease, isConnected } = this.deps;
		if (!lease.isLeader || !isConnected()) {
			this.#wasLeader = false;
			return false;
		}
		if (this.#running) return false;
		this.#running = true;
		try {
			if (!this.#wasLeader) {
				// a new term: read what the last writer left
				this.#names = null;
				this.#incidentsDone = null;
			}
			this.#wasLeader = true;
			this.stats.rounds++;
			return await this.#round();
		} catch (err) {
			this.stats.lastError = (err as Error).message;
			this.deps.log.warn({ err: this.stats.lastError }, 'history round failed; the next retries');
			return false;
		} finally {
			this.#running = false;
		}
	}

	async #round(): Promise<boolean> {
		const { client, clock, tiers, zone, store } = this.deps;
		const st = await readState(client);
		this.#names ??= await this.#loadNames();
		const now = clock.now();
		const fine = this.fineModels();
		const batch = new Batch(
			tiers,
			zone,
			now,
			(k, n) => this.#name(k, n),
			(m) => fine.has(m)
		);
		const keepFrom = now - Math.max(...tiers.map((t) => t.retentionMs));
		let { coverage, cursor, counters, processed } = st;
		let events = 0;
		/** the earliest time this round changed (buckets or coverage): the live tips start there */
		let changedFrom = Infinity;

		// source 1: the event stream, whenever it exists or has been used
		const info = await streamInfo(client);
		if (cursor !== null || info.length > 0) {
			const redisNow = await redisTime(client);
			if (cursor === null) {
				// the first run: everything the stream still holds; older entries were trimmed before us
				processed = info.added !== null ? info.added - info.length : 0;
			} else if (info.firstId && streamIdAfter(info.firstId, cursor)) {
				// entries after the cursor may have been trimmed away: the time they covered is a gap
				const lost = info.added === null || info.added - processed > info.length;
				if (lost) {
					this.deps.log.warn(
						{ cursor, first: info.firstId },
						'helix:events was trimmed past the history cursor; that time is a gap'
					);
					cursor = null;
					processed = info.added !== null ? info.added - info.length : processed;
				}
			}
			const resumeAt = cursor === null ? null : coverage.end;
			let read = 0;
			let firstId: string | null = null;
			let lastId: string | null = null;
			for await (const page of pagesAfter(client, cursor, BATCH)) {
				for (const { id, message } of page) {
					const e = parseEvent(id, message);
					if (!e.ok) continue; // a malformed entry is a data problem the pipeline reports
					const team = e.value.team ?? store.entities.teams.get(e.value.user) ?? null;
					batch.event(e.value, team);
					events++;
				}
				firstId ??= page[0]!.id;
				lastId = page.at(-1)!.id;
				read += page.length;
			}
			const firstAt = firstId === null ? null : streamIdTime(firstId)!;
			const lastAt = lastId === null ? null : streamIdTime(lastId)!;
			// caught up: nothing can be added before Redis's "now" any more
			// (intervals are [from, to): + 1 ms takes in the last entry read)
			const until = read < BATCH ? Math.max(redisNow, (lastAt ?? 0) + 1) : lastAt! + 1;
			const from = resumeAt ?? firstAt ?? redisNow;
			coverage = coverage.add(Math.min(from, until), until, keepFrom);
			changedFrom = Math.min(changedFrom, from, until);
			if (lastId !== null) cursor = lastId;
			this.#behind = read === BATCH;
			processed += read;
		} else if (now - this.#lastSample >= SAMPLE_MS) {
			// source 2: counters of a gateway that writes no event stream
			counters = counterSample(store, batch, counters, now, (f, t) => {
				coverage = coverage.add(f, t, keepFrom);
				changedFrom = Math.min(changedFrom, f);
			});
		}

		// PII incidents, by their own time, each once; a list already committed is not asked
		// about again (one ZMSCORE per change of the list, not one a second)
		const incidents = this.deps.store.incidents?.incidents ?? null;
		const pii =
			incidents && incidents !== this.#incidentsDone
				? await this.#newIncidents(incidents, batch, keepFrom)
				: [];

		// source 3: the host, Redis and this process
		if (now - this.#lastSample >= SAMPLE_MS) {
			this.#lastSample = now;
			for (const [g, v] of await this.deps.system.sample(now)) batch.gauge(now, g, v);
		}

		const coverageChanged = coverage.encode() !== st.coverage.encode();
		if (!batch.size && !coverageChanged && cursor === st.cursor && counters === st.counters) {
			this.#incidentsDone = incidents; // nothing new in it: every incident was seen before
			return false;
		}
		const ok = await commit(client, st, batch, { cursor, coverage, counters, processed }, pii);
		this.#incidentsDone = ok ? incidents : null;
		if (ok) {
			this.stats.commits++;
			this.stats.events += events;
			for (const [first] of batch.span.values()) changedFrom = Math.min(changedFrom, first);
			const tip = { from: Number.isFinite(changedFrom) ? changedFrom : now };
			await client.publish(TIP_CHANNEL, JSON.stringify(tip)).catch(() => {});
		} else {
			this.stats.conflicts++;
			this.#names = null;
		}
		return ok;
	}

	async #newIncidents(
		list: readonly { id: string; ts: number | null }[],
		batch: Batch,
		keepFrom: number
	): Promise<[number, string][]> {
		const candidates = list.filter((i) => i.ts !== null && i.ts >= keepFrom);
		if (!candidates.length) return [];
		const seen = await this.deps.client.zmScore(
			PII_SEEN_KEY,
			candidates.map((i) => i.id)
		);
		const fresh: [number, string][] = [];
		candidates.forEach((i, n) => {
			if (seen[n] !== null && seen[n] !== undefined) return;
			batch.incident(i.ts!);
			fresh.push([i.ts!, i.id]);
		});
		return fresh;
	}

	async #loadNames(): Promise<Record<'model' | 'team', Set<string>>> {
		const { client } = this.deps;
		const [m, t] = await Promise.all([
			client.sMembers(seriesSetKey('model')),
			client.sMembers(seriesSetKey('team'))
		]);
		return { model: new Set(m), team: new Set(t) };
	}

	/** at most MAX_SERIES names per kind: later newcomers share "(other)" */
	#name(kind: 'model' | 'team', name: string): string {
		const set = this.#names![kind];
		if (set.has(name)) return name;
		if (set.size >= MAX_SERIES) return '(other)';
		set.add(name);
		void this.deps.client.sAdd(seriesSetKey(kind), name).catch(() => {});
		return name;
	}
}
