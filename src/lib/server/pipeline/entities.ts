// Per-user and per-model daily series (spend, requests, hits) and the user -> team map.
// Updated per key by the readers; topics read them. `version` moves on every change so
// heavy derivations can be skipped when nothing moved.
import {
	hitsUserKey,
	requestsUserKey,
	spendModelKey,
	spendUserKey
} from '../../shared/contract/keys.ts';
import type { DaySeries } from './day-series.ts';
import { UserAggregates } from './user-aggregates.ts';
import { UserSearchIndex } from './user-search.ts';

export interface UserSeries {
	spend?: DaySeries;
	requests?: DaySeries;
	hits?: DaySeries;
}

export type UserMetric = keyof UserSeries;

/**
 * One user's series as the store holds them: a class, so that every record has the same
 * three fields and one hidden class. The spread-and-delete it replaced left each record in
 * dictionary mode with a map of its own (200,000 users: ~180,000 maps; a heap snapshot under
 * load went 346 → 302 MB with this), and the spread of a dictionary object was the hottest
 * line of a flush. Records are not changed in place: the aggregates are told the one before
 * and the one after.
 */
class UserRecord implements UserSeries {
	constructor(
		readonly spend: DaySeries | undefined,
		readonly requests: DaySeries | undefined,
		readonly hits: DaySeries | undefined
	) {}
}

const withMetric = (
	cur: UserSeries | undefined,
	metric: UserMetric,
	series: DaySeries | undefined
): UserRecord =>
	new UserRecord(
		metric === 'spend' ? series : cur?.spend,
		metric === 'requests' ? series : cur?.requests,
		metric === 'hits' ? series : cur?.hits
	);

export class Entities {
	readonly users = new Map<string, UserSeries>();
	readonly models = new Map<string, DaySeries>();
	readonly teams = new Map<string, string>();
	version = 0;
	/** move only when a model appears or goes / when any user's team changes (the header
	 * search rebuilds those small token lists on them, not on values) */
	modelsVersion = 0;
	teamsVersion = 0;
	/** told of each user id that may have appeared or gone (from the users or the team map) */
	readonly #touchListeners = new Set<(user: string) => void>();

	/** users with a helix:requests:user:* key, counted as they change (not a walk per read) */
	#withRequests = 0;
	/** per-range sums, team totals, top lists and per-day counts, kept as users change */
	readonly aggregates = new UserAggregates(
		() => this.users,
		(u) => this.teams.get(u)
	);

	/** the Users page's search over user ids, kept as users appear and go */
	readonly search = new UserSearchIndex();

	/** any helix:requests:user:* key held (else per-user requests are unknown, not zero) */
	get requestsKnown(): boolean {
		return this.#withRequests > 0;
	}

	setUser(user: string, metric: UserMetric, series: DaySeries | null): boolean {
		const cur = this.users.get(user);
		if (series === null ? !cur?.[metric] : series.equals(cur?.[metric])) return false;
		const next = withMetric(cur, metric, series ?? undefined);
		if (!cur) {
			this.search.add(user);
			this.#touch(user);
		}
		this.#withRequests += (next.requests ? 1 : 0) - (cur?.requests ? 1 : 0);
		const kept = next.spend !== undefined || next.requests !== undefined || next.hits !== undefined;
		if (kept) this.users.set(user, next);
		else {
			this.users.delete(user);
			this.search.remove(user);
			this.#touch(user);
		}
		this.aggregates.update(user, cur, kept ? next : undefined);
		this.version++;
		return true;
	}

	setModel(model: string, series: DaySeries | null): boolean {
		if (series === null ? !this.models.has(model) : series.equals(this.models.get(model)))
			return false;
		if (series === null || !this.models.has(model)) this.modelsVersion++;
		if (series) this.models.set(model, series);
		else this.models.delete(model);
		this.version++;
		return true;
	}

	setTeams(map: Record<string, string>): boolean {
		const changed = new Set<string>();
		for (const [u, t] of this.teams) if (map[u] !== t) changed.add(u);
		for (const [u, t] of Object.entries(map)) if (this.teams.get(u) !== t) changed.add(u);
		if (!changed.size) return false;
		this.teams.clear();
		for (const [u, t] of Object.entries(map)) this.teams.set(u, t);
		return this.#teamsMoved(changed);
	}

	/** Some users' teams (a step of a scan of a large helix:user:team); true if any moved. */
	patchTeams(entries: Iterable<[string, string]>): boolean {
		const changed = new Set<string>();
		for (const [u, t] of entries)
			if (this.teams.get(u) !== t) {
				this.teams.set(u, t);
				changed.add(u);
			}
		return this.#teamsMoved(changed);
	}

	/** The end of a scan: users it did not see have no team any more. */
	dropTeamsExcept(seen: { has(user: string): boolean }): boolean {
		const changed = new Set<string>();
		for (const u of this.teams.keys()) if (!seen.has(u)) changed.add(u);
		for (const u of changed) this.teams.delete(u);
		return this.#teamsMoved(changed);
	}

	#teamsMoved(changed: Set<string>): boolean {
		if (!changed.size) return false;
		this.aggregates.teamsChanged(changed);
		for (const u of changed) this.#touch(u);
		this.teamsVersion++;
		this.version++;
		return true;
	}

	/** Follow the user ids that may appear or go (the header search); returns the unsubscribe. */
	onUserTouched(fn: (user: string) => void): () => void {
		this.#touchListeners.add(fn);
		return () => this.#touchListeners.delete(fn);
	}

	#touch(user: string): void {
		for (const fn of this.#touchListeners) fn(user);
	}

	/** every key currently held, to find keys deleted in Redis at a full reconcile */
	keys(): string[] {
		const out: string[] = [];
		for (const [u, s] of this.users) {
			if (s.spend) out.push(spendUserKey(u));
			if (s.requests) out.push(requestsUserKey(u));
			if (s.hits) out.push(hitsUserKey(u));
		}
		for (const m of this.models.keys()) out.push(spendModelKey(m));
		return out;
	}
}
