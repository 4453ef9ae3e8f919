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
import { Batch, touchedId } from './batch.ts';
import { Coverage } from './coverage.ts';
import {
	MAX_SERIES,
	PII_SEEN_KEY,
	PII_SEEN_MAX,
	seriesSetKey,
	STATE_KEY,
	TIP_CHANNEL
} from './keys.ts';
import { decodeRecord, encodeRecord, type BucketRecord } from './record.ts';
import type { SystemSource } from './sources.ts';
import type { Tier } from './tiers.ts';

/** one round a second; a round reads at most BATCH stream entries (catch-up: BATCH per round) */
export const WRITE_MS = 1_000;
export const BATCH = 10_000;
/** counter-only gateways and the host are sampled this often */
export const SAMPLE_MS = 10_000;
/** a counter sample later than this after the previous one is a gap (nobody watched) */
const COUNTER_GAP_MS = 3 * SAMPLE_MS;

/** version check, record writes, expiries, incidents seen, new state: all or nothing */
const COMMIT = `
if (redis.call('HGET', KEYS[1], 'version') or '') ~= ARGV[1] then return 0 end
local i = 7
local n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do redis.call('HSET', KEYS[tonumber(ARGV[i])], ARGV[i + 1], ARGV[i + 2]); i = i + 3 end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do redis.call('PEXPIREAT', KEYS[tonumber(ARGV[i])], ARGV[i + 1]); i = i + 2 end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1]); i = i + 2 end
if n > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[i]) + 1)) end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'cursor', ARGV[3], 'coverage', ARGV[4], 'counters', ARGV[5], 'processed', ARGV[6])
return 1`;

interface State {
	version: string;
	cursor: string | null;
	coverage: Coverage;
	counters: CounterBaseline | null;
	/** stream entries consumed (or skipped as trimmed before the first run): trim detection */
	processed: number;
}

interface CounterBaseline {
	at: number;
	requests: number;
	hits: number;
	spend: number;
	saved: number;
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
	/** the last round read a full BATCH: more is waiting */
	#behind = false;

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
			if (!this.#wasLeader) this.#names = null; // a new term: read what the last writer left
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
		const st = await this.#state();
		this.#names ??= await this.#loadNames();
		const now = clock.now();
		const batch = new Batch(tiers, zone, now, (k, n) => this.#name(k, n));
		const keepFrom = now - Math.max(...tiers.map((t) => t.retentionMs));
		let { coverage, cursor, counters, processed } = st;
		let events = 0;
		/** the earliest time this round changed (buckets or coverage): the live tips start there */
		let changedFrom = Infinity;

		// source 1: the event stream, whenever it exists or has been used
		const info = await this.#streamInfo();
		if (cursor !== null || info.length > 0) {
			const redisNow = await this.#redisTime();
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
			const entries = await client.xRange(KEYS.events, cursor === null ? '-' : `(${cursor}`, '+', {
				COUNT: BATCH
			});
			const resumeAt = cursor === null ? null : coverage.end;
			for (const { id, message } of entries) {
				const e = parseEvent(id, message as Record<string, string>);
				if (!e.ok) continue; // a malformed entry is a data problem the pipeline reports
				const team = e.value.team ?? store.entities.teams.get(e.value.user) ?? null;
				batch.event(e.value, team);
				events++;
			}
			const firstAt = entries.length ? streamIdTime(entries[0]!.id)! : null;
			const lastAt = entries.length ? streamIdTime(entries.at(-1)!.id)! : null;
			// caught up: nothing can be added before Redis's "now" any more
			// (intervals are [from, to): + 1 ms takes in the last entry read)
			const until = entries.length < BATCH ? Math.max(redisNow, (lastAt ?? 0) + 1) : lastAt! + 1;
			const from = resumeAt ?? firstAt ?? redisNow;
			coverage = coverage.add(Math.min(from, until), until, keepFrom);
			changedFrom = Math.min(changedFrom, from, until);
			if (entries.length) cursor = entries.at(-1)!.id;
			this.#behind = entries.length === BATCH;
			processed += entries.length;
		} else if (now - this.#lastSample >= SAMPLE_MS) {
			// source 2: counters of a gateway that writes no event stream
			counters = this.#counterSample(batch, counters, now, (f, t) => {
				coverage = coverage.add(f, t, keepFrom);
				changedFrom = Math.min(changedFrom, f);
			});
		}

		// PII incidents, by their own time, each once
		const pii = await this.#newIncidents(batch, keepFrom);

		// source 3: the host, Redis and this process
		if (now - this.#lastSample >= SAMPLE_MS) {
			this.#lastSample = now;
			for (const [g, v] of await this.deps.system.sample(now)) batch.gauge(now, g, v);
		}

		const coverageChanged = coverage.encode() !== st.coverage.encode();
		if (!batch.size && !coverageChanged && cursor === st.cursor && counters === st.counters)
			return false;
		const ok = await this.#commit(st, batch, { cursor, coverage, counters, processed }, pii);
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

	#counterSample(
		batch: Batch,
		base: CounterBaseline | null,
		now: number,
		cover: (from: number, to: number) => void
	): CounterBaseline | null {
		const s = this.deps.store;
		const requests = s.counters.get(KEYS.requestsTotal);
		if (requests === undefined || requests === null) return base; // nothing to sample
		const cur: CounterBaseline = {
			at: now,
			requests,
			hits: s.counters.get(KEYS.cacheHits) ?? 0,
			spend: s.dailySum(KEYS.spendTotal) ?? 0,
			saved: s.dailySum(KEYS.savedTotal) ?? 0
		};
		// no baseline, a gap nobody observed, or a counter that went back (a reset): start over
		if (
			!base ||
			now - base.at > COUNTER_GAP_MS ||
			now <= base.at ||
			cur.requests < base.requests ||
			cur.hits < base.hits
		)
			return cur;
		// the increase happened in [base.at, now): it belongs to the bucket holding now - 1 ms
		batch.counters(now - 1, {
			requests: cur.requests - base.requests,
			hits: cur.hits - base.hits,
			spend: Math.max(0, cur.spend - base.spend),
			saved: Math.max(0, cur.saved - base.saved)
		});
		cover(base.at, now);
		return cur;
	}

	async #newIncidents(batch: Batch, keepFrom: number): Promise<[number, string][]> {
		const list = this.deps.store.incidents?.incidents ?? [];
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

	async #commit(
		st: State,
		batch: Batch,
		next: Omit<State, 'version'>,
		pii: [number, string][]
	): Promise<boolean> {
		const { client } = this.deps;
		// merge with what Redis holds (read after the state: a commit in between moves the version)
		const byKey = new Map<string, string[]>();
		for (const t of batch.touched.values())
			byKey.set(t.key, [...(byKey.get(t.key) ?? []), t.field]);
		const stored = new Map<string, BucketRecord>();
		await Promise.all(
			[...byKey].map(async ([key, fields]) => {
				const vals = await client.hmGet(key, fields);
				fields.forEach((f, i) => {
					if (vals[i]) stored.set(touchedId(key, f), decodeRecord(vals[i]));
				});
			})
		);
		batch.mergeStored(stored);
		const keys = [STATE_KEY, PII_SEEN_KEY, ...byKey.keys()];
		const index = new Map(keys.map((k, i) => [k, i + 1]));
		const recs: string[] = [];
		const exp = new Map<string, number>();
		for (const t of batch.touched.values()) {
			recs.push(String(index.get(t.key)), t.field, encodeRecord(t.rec));
			exp.set(t.key, t.expireAt);
		}
		const expiries: string[] = [];
		for (const [k, at] of exp) expiries.push(String(index.get(k)), String(at));
		const piiArgs = pii.flatMap(([ts, id]) => [String(ts), id]);
		const version = String((Number(st.version) || 0) + 1);
		const r = await client.eval(COMMIT, {
			keys,
			arguments: [
				st.version,
				version,
				next.cursor ?? '',
				next.coverage.encode(),
				next.counters ? JSON.stringify(next.counters) : '',
				String(next.processed),
				String(recs.length / 3),
				...recs,
				String(expiries.length / 2),
				...expiries,
				String(pii.length),
				...piiArgs,
				String(PII_SEEN_MAX)
			]
		});
		return Number(r) === 1;
	}

	async #state(): Promise<State> {
		const h = await this.deps.client.hGetAll(STATE_KEY);
		let counters: CounterBaseline | null = null;
		try {
			counters = h.counters ? (JSON.parse(h.counters) as CounterBaseline) : null;
		} catch {
			counters = null;
		}
		return {
			version: h.version ?? '',
			cursor: h.cursor || null,
			coverage: Coverage.decode(h.coverage),
			counters,
			processed: Number(h.processed) || 0
		};
	}

	async #streamInfo(): Promise<{ length: number; firstId: string | null; added: number | null }> {
		let raw: unknown;
		try {
			raw = await this.deps.client.sendCommand(['XINFO', 'STREAM', KEYS.events]);
		} catch {
			return { length: 0, firstId: null, added: null }; // no stream (or not a stream)
		}
		const a = Array.isArray(raw) ? (raw as unknown[]) : [];
		const get = (name: string) => {
			const i = a.findIndex((x) => String(x) === name);
			return i >= 0 ? a[i + 1] : undefined;
		};
		const first = get('first-entry');
		const added = get('entries-added');
		return {
			length: Number(get('length')) || 0,
			firstId: Array.isArray(first) && first.length ? String(first[0]) : null,
			added: added === undefined ? null : Number(added)
		};
	}

	async #redisTime(): Promise<number> {
		const t = (await this.deps.client.sendCommand(['TIME'])) as [string, string];
		return Number(t[0]) * 1000 + Math.floor(Number(t[1]) / 1000);
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
