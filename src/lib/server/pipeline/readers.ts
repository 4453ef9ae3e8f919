// How each kind of key is read and applied to the Store. A read only issues its command(s)
// and returns an `apply` step; the collector issues every dirty key's read in the same tick,
// so node-redis writes them to the socket as one pipeline (one round trip), then applies
// the replies in order. Untrusted data: a bad value is recorded as a problem on its key,
// never thrown past this module.
import { ErrorReply } from 'redis';
import { KEYS, PREFIXES, classifyKey, type KeyKind } from '../../shared/contract/keys.ts';
import {
	MAX_DAILY_USD,
	parseCounter,
	parseDailyZset,
	parseSeconds,
	type DateWindow
} from '../../shared/contract/parse.ts';
import { dateInZone } from '../../shared/time.ts';
import type { RedisClient } from '../redis/client.ts';
import { DaySeries, dayNumber } from './day-series.ts';
import type { UserMetric } from './entities.ts';
import type { Store } from './store.ts';
import { events } from './event-reader.ts';
import { userTeams } from './team-reader.ts';
import type { Apply, Reader } from './read-step.ts';
import { MAX_MEMBERS, readDaily, type SeriesWindow } from './packed-read.ts';

const NOTHING: Apply = () => ({ changed: false });

/** Turns a per-command Redis error (WRONGTYPE…) into a problem; connection errors propagate. */
function guarded(read: Reader, onMissing: (store: Store, key: string) => boolean): Reader {
	return async (client, key, store, full, now) => {
		try {
			return await read(client, key, store, full, now);
		} catch (err) {
			if (!(err instanceof ErrorReply)) throw err;
			return (s, now) => {
				s.problem(key, `cannot read: ${err.message}`, now);
				return { changed: onMissing(s, key) };
			};
		}
	};
}

const counter: Reader = async (client, key) => {
	const raw = await client.get(key);
	return (store, now) => {
		const parsed = parseCounter(raw);
		const value = parsed.ok ? parsed.value : null;
		if (parsed.ok) store.problems.delete(key);
		else store.problem(key, parsed.error, now);
		const prev = store.counters.get(key);
		const changed = prev !== value || !store.counters.has(key);
		store.counters.set(key, value);
		// the request counter only grows: smaller means Redis was reset (FLUSHALL, a restart
		// without persistence), which notifies no key. The event windows (latency of the last
		// 60 s, the cache's 15 minutes) restart with the data Redis holds now, or they would
		// count requests the new total does not ("4,435 in the last 60 s" of a total of 1,960)
		if (key === KEYS.requestsTotal && typeof prev === 'number' && value !== null && value < prev) {
			store.resetEvents();
			return { changed: true, rereadEvents: true };
		}
		return { changed };
	};
};

const latencyMax: Reader = async (client, key) => {
	const raw = await client.get(key);
	return (store, now) => {
		const parsed = parseSeconds(raw);
		const value = parsed.ok ? parsed.value : null;
		if (parsed.ok) store.problems.delete(key);
		else store.problem(key, parsed.error, now);
		const changed = store.latencyMaxS !== value;
		store.latencyMaxS = value;
		return { changed };
	};
};

/**
 * Days a per-user or per-model series keeps day by day (the longest export); older members
 * count in its all-time total only. Dates before 1970 or later than DAYS_AHEAD days from now
 * are no gateway's: a data problem, not read.
 */
export const DAYS_BACK = 800;
const DAYS_AHEAD = 2;
const DAY_MS = 86_400_000;
const EPOCH_DATE = '1970-01-01';

/** The dates a daily set may hold, in the dashboard's zone. */
function dateWindow(store: Store, now: number): DateWindow {
	return { from: EPOCH_DATE, to: dateInZone(now + DAYS_AHEAD * DAY_MS, store.zone) };
}

/** The first day a series keeps day by day. */
const seriesFloor = (store: Store, now: number) =>
	dayNumber(dateInZone(now - DAYS_BACK * DAY_MS, store.zone));

/**
 * The days a series keeps, for reads at `now`: a flush's reads all share one `now`, so the
 * window (three dates formatted in the zone) is computed once a flush, not once a key.
 */
let lastWindow: { now: number; zone: Store['zone']; window: SeriesWindow } | null = null;
function seriesWindow(store: Store, now: number): SeriesWindow {
	if (lastWindow?.now !== now || lastWindow.zone !== store.zone) {
		const w = dateWindow(store, now);
		const window = [
			dayNumber(w.from),
			dayNumber(w.to),
			MAX_DAILY_USD,
			seriesFloor(store, now)
		] as const;
		lastWindow = { now, zone: store.zone, window };
	}
	return lastWindow.window;
}

/** A daily set this large is not one a gateway writes: a problem, and not read at all. */
function tooMany(store: Store, key: string, read: number, now: number): boolean {
	if (read <= MAX_MEMBERS) return false;
	store.problem(key, `more than ${MAX_MEMBERS} members (one a day is expected): not read`, now, 0);
	return true;
}

/** A problem while members are skipped; none once the key is clean again. */
function dailyProblems(
	store: Store,
	key: string,
	skipped: number,
	outside: number,
	now: number
): void {
	const why = [
		skipped
			? `${skipped} member(s) not of the form YYYY-MM-DD with a non-negative amount up to ${MAX_DAILY_USD.toExponential()} USD`
			: '',
		outside
			? `${outside} member(s) dated before ${EPOCH_DATE} or more than ${DAYS_AHEAD} days ahead`
			: ''
	].filter(Boolean);
	if (why.length) store.problem(key, why.join('; '), now, 0);
	else store.problems.delete(key);
}

const daily: Reader = async (client, key) => {
	const entries = await client.zRangeWithScores(key, 0, MAX_MEMBERS);
	return (store, now) => {
		const prev = store.daily.get(key);
		if (entries.length === 0 || tooMany(store, key, entries.length, now)) {
			store.daily.delete(key);
			if (entries.length === 0) store.problems.delete(key);
			return { changed: prev !== undefined };
		}
		const { days, skipped, outside } = parseDailyZset(entries, dateWindow(store, now));
		dailyProblems(store, key, skipped, outside, now);
		store.daily.set(key, days);
		return { changed: !prev || !sameMap(prev, days) };
	};
};

/** Entries read from each end of the incident list (writers push at either end). */
export const INCIDENT_WINDOW = 1_000;

/**
 * helix:pii:incidents: the length and up to INCIDENT_WINDOW entries from each end. The
 * published gateway caps the list at 1,000 (LPUSH + LTRIM); a README-style RPUSH writer may
 * not, and then its newest entries are at the tail.
 */
const incidents: Reader = async (client, key) => {
	const [len, head, tail] = await Promise.all([
		client.lLen(key),
		client.lRange(key, 0, INCIDENT_WINDOW - 1),
		client.lRange(key, -INCIDENT_WINDOW, -1)
	]);
	return (store, now) => {
		const raws =
			len <= INCIDENT_WINDOW
				? head
				: head.concat(tail.slice(Math.max(0, 2 * INCIDENT_WINDOW - len)));
		const set = store.incidentBook.update(raws);
		if (set.malformed > 0)
			store.problem(key, `${set.malformed} record(s) skipped; last: ${set.lastError}`, now, 0);
		else store.problems.delete(key);
		const changed =
			store.listLengths.get(key) !== len ||
			JSON.stringify(store.incidents?.incidents.map((i) => i.id)) !==
				JSON.stringify(set.incidents.map((i) => i.id));
		store.listLengths.set(key, len);
		store.incidents = set;
		return { changed };
	};
};

const ENTITY_PREFIX: Partial<Record<KeyKind, { prefix: string; metric: UserMetric | 'model' }>> = {
	spendUser: { prefix: PREFIXES.spendUser, metric: 'spend' },
	requestsUser: { prefix: PREFIXES.requestsUser, metric: 'requests' },
	hitsUser: { prefix: PREFIXES.hitsUser, metric: 'hits' },
	spendModel: { prefix: PREFIXES.spendModel, metric: 'model' }
};

/** Per-user / per-model daily sets, kept as compact DaySeries in store.entities. */
const entity: Reader = async (client, key, store, _full, readAt) => {
	// parsed as it arrives (the reply dies young) into the series the apply step sets
	const { count, read } = await readDaily(client, key, seriesWindow(store, readAt));
	return (store, now) => {
		const { prefix, metric } = ENTITY_PREFIX[classifyKey(key)]!;
		const name = key.slice(prefix.length);
		let series: DaySeries | null = null;
		if (!tooMany(store, key, count, now) && read) {
			dailyProblems(store, key, read.skipped, read.outside, now);
			series = read.series;
		}
		const changed =
			metric === 'model'
				? store.entities.setModel(name, series)
				: store.entities.setUser(name, metric, series);
		return { changed };
	};
};

function sameMap(a: Map<string, number>, b: Map<string, number>): boolean {
	if (a.size !== b.size) return false;
	for (const [k, v] of a) if (b.get(k) !== v) return false;
	return true;
}

const READERS: Partial<Record<KeyKind, Reader>> = {
	requestsTotal: guarded(counter, (s, k) => (s.counters.set(k, null), true)),
	cacheHits: guarded(counter, (s, k) => (s.counters.set(k, null), true)),
	latencyMax: guarded(latencyMax, (s) => ((s.latencyMaxS = null), true)),
	spendTotal: guarded(daily, (s, k) => s.daily.delete(k)),
	savedTotal: guarded(daily, (s, k) => s.daily.delete(k)),
	spendUser: guarded(entity, () => false),
	spendModel: guarded(entity, () => false),
	requestsUser: guarded(entity, () => false),
	hitsUser: guarded(entity, () => false),
	userTeams: guarded(userTeams, () => false),
	piiIncidents: guarded(
		incidents,
		(s, k) => (s.listLengths.set(k, null), (s.incidents = null), true)
	),
	events: guarded(
		events,
		(s) => (s.latency.reset(), s.eventStats.reset(), (s.lastEventId = null), true)
	)
};

/** Issues the read for `key` (synchronously up to its first command) or resolves to a no-op. */
export function readKey(
	client: RedisClient,
	key: string,
	store: Store,
	full: boolean,
	now: number
): Promise<Apply> {
	const reader = READERS[classifyKey(key)];
	if (!reader) return Promise.resolve(NOTHING);
	// node-redis decodes key names as UTF-8: invalid bytes became U+FFFD, and a key of that
	// decoded name does not exist, so its data cannot be read back; say so rather than drop it
	if (key.includes('\uFFFD'))
		return Promise.resolve((s: Store, at: number) => {
			s.problem(
				key,
				'the key name is not valid UTF-8, so it cannot be read back; rename it (the gateway should write UTF-8 names)',
				at
			);
			return { changed: true };
		});
	return reader(client, key, store, full, now);
}

/** The keys a full reconcile re-reads (per-user/per-model spend joins when its page lands). */
export const RECONCILE_KEYS: readonly string[] = [
	KEYS.requestsTotal,
	KEYS.cacheHits,
	KEYS.latencyMax,
	KEYS.spendTotal,
	KEYS.savedTotal,
	KEYS.piiIncidents,
	KEYS.events,
	KEYS.userTeams
];
