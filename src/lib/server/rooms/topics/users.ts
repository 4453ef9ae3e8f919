// The User Management room: top users by spend and by requests, teams, growth (first seen
// derived from the data), the activity heatmap, and groups.
import { dateInZone, type Zone } from '../../../shared/time.ts';
import {
	type ChangeView,
	type TeamRow,
	type UserRow,
	type UsersState
} from '../../../shared/protocol/state/users.ts';
import { RANGES, type RangeDays } from '../../../shared/protocol/state/cost.ts';
import type { Collection } from '../../platform/collection.ts';
import type { Group } from '../../../shared/protocol/groups.ts';
import { dateOfDay, dayNumber } from '../../pipeline/day-series.ts';
import type { UserSeries } from '../../pipeline/entities.ts';
import type { Store } from '../../pipeline/store.ts';
import { groupSummaries } from './cost.ts';
import { redactText } from '../../security/pii/redact.ts';
import { topK } from '../top-k.ts';
import { NANO, nano, WINDOW } from '../../pipeline/aggregate-units.ts';
import type { DayAggregates } from '../../pipeline/day-aggregates.ts';
import { TeamTotals, aggregateTeamRows, teamRows } from './team-rows.ts';
import type { Topic } from './topic.ts';

export const TOP = 50;

export function userRow(
	store: Store,
	user: string,
	s: UserSeries | undefined,
	from: number,
	to: number
): UserRow {
	const spend = s?.spend?.sum(from, to) ?? 0;
	const requests = store.entities.requestsKnown ? (s?.requests?.sum(from, to) ?? 0) : null;
	const hits = s?.hits ? s.hits.sum(from, to) : requests === null ? null : 0;
	const first = [s?.spend, s?.requests]
		.map((x) => x?.firstActive() ?? null)
		.filter((x): x is number => x !== null);
	return {
		user,
		team: store.entities.teams.get(user) ?? null,
		spendUsd: spend,
		requests,
		hits,
		hitRate: requests && hits !== null ? hits / requests : null,
		firstSeen: first.length ? dateOfDay(Math.min(...first)) : null
	};
}

/**
 * A row as it leaves the server: the user id and team came from outside (an id may be an
 * e-mail address), so they are redacted — only on the rows shown, after the cut, never on
 * all 200,000.
 */
export const shownRow = (r: UserRow): UserRow => ({
	...r,
	user: redactText(r.user),
	team: r.team === null ? null : redactText(r.team)
});

export interface UsersDeps {
	timezone: Zone;
	groups: Collection<Group>;
	changes: () => ChangeView[];
	/** an account limited to these teams: only their users, no cross-team heatmap or change log */
	teams?: ReadonlySet<string>;
}

export class UsersTopic implements Topic<'users'> {
	readonly room = 'users' as const;

	constructor(private readonly deps: UsersDeps) {}

	/** The scoped teams' members (from the aggregates' team index: no walk over every user). */
	#scopedUsers(store: Store, teams: ReadonlySet<string>, today: number): Map<string, UserSeries> {
		const agg = store.entities.aggregates.at(today);
		const out = new Map<string, UserSeries>();
		for (const team of teams)
			for (const u of agg.membersOf(team)) {
				const s = store.entities.users.get(u);
				if (s) out.set(u, s);
			}
		return out;
	}

	derive(store: Store, now: number): UsersState {
		const today = dayNumber(dateInZone(now, this.deps.timezone));
		const ents = store.entities;
		const scope = this.deps.teams;
		// every user: the incremental aggregates, O(shown rows + teams); a team-limited view
		// walks only its teams' members
		const agg = scope ? null : ents.aggregates.at(today);
		const users = scope ? this.#scopedUsers(store, scope, today) : ents.users;
		const scoped = scope !== undefined;
		return {
			userCount: users.size,
			requestsKnown: ents.requestsKnown,
			teamsKnown: ents.teams.size > 0,
			ranges: RANGES.map((days, r) =>
				agg ? this.#aggRange(store, agg, r, today) : this.#range(store, users, days, today)
			),
			growth: agg ? this.#aggGrowth(agg, today) : this.#growth(users, today),
			heatmap: this.#heatmap(store, users, today, scoped, agg),
			groups: scoped
				? []
				: groupSummaries(store, this.deps.groups, today).map((g) => {
						// each range's member rows and team totals, so that choosing a group filters
						// the whole page (at most 500 members a group, times three ranges)
						const rows = Object.fromEntries(
							RANGES.map((days) => [
								days,
								g.users
									.slice(0, 500)
									.map((u) => userRow(store, u, ents.users.get(u), today - days + 1, today))
							])
						) as Record<RangeDays, UserRow[]>;
						const teams = Object.fromEntries(
							RANGES.map((days) => [days, teamRows(store, rows[days])])
						) as Record<RangeDays, TeamRow[] | null>;
						for (const days of RANGES) rows[days] = rows[days].map(shownRow);
						return { ...g, rows, teams };
					}),
			changes: scoped ? [] : this.deps.changes()
		};
	}

	/** One range from the aggregates: the top lists' first TOP become rows, nothing walks. */
	#aggRange(
		store: Store,
		agg: DayAggregates,
		r: number,
		today: number
	): UsersState['ranges'][number] {
		const days = RANGES[r]!;
		const from = today - days + 1;
		const users = store.entities.users;
		const row = (u: string) => shownRow(userRow(store, u, users.get(u), from, today));
		return {
			days,
			activeUsers: agg.active[r]!,
			bySpend: agg.bySpend[r]!.names.slice(0, TOP).map(row),
			byRequests: store.entities.requestsKnown
				? agg.byRequests[r]!.names.slice(0, TOP).map(row)
				: null,
			teams: aggregateTeamRows(store, agg, r)
		};
	}

	#aggGrowth(agg: DayAggregates, today: number): UsersState['growth'] {
		const from = today - WINDOW + 1;
		return Array.from({ length: WINDOW }, (_, i) => ({
			date: dateOfDay(from + i),
			newUsers: agg.newDays[i]!,
			activeUsers: agg.activeDays[i]!
		}));
	}

	/**
	 * One range (a team-limited view): bounded work per user (three O(1) range sums, no row object, no date string),
	 * the active users' top TOP by spend and by requests picked without sorting them all, and
	 * full rows built only for those shown. 200,000 users: see tests/unit/users-topic.test.ts
	 * for the equality with the plain version and npm run bench for the time.
	 */
	#range(
		store: Store,
		users: Map<string, UserSeries>,
		days: RangeDays,
		today: number
	): UsersState['ranges'][number] {
		const from = today - days + 1;
		const ents = store.entities;
		const reqKnown = ents.requestsKnown;
		const names: string[] = [];
		const spend: number[] = [];
		const reqs: number[] = [];
		const teams = new TeamTotals();
		for (const [u, s] of users) {
			const sp = s.spend?.sum(from, today) ?? 0;
			const rq = reqKnown ? (s.requests?.sum(from, today) ?? 0) : null;
			const team = ents.teams.get(u);
			if (team) teams.add(team, sp, rq, s.hits ? s.hits.sum(from, today) : rq === null ? null : 0);
			if (sp > 0 || (rq ?? 0) > 0) {
				names.push(u);
				spend.push(sp);
				reqs.push(rq ?? 0);
			}
		}
		// ties at the cut are ordered by name: which tied users are shown is never arbitrary
		const byName = (a: number, b: number) =>
			names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0;
		const row = (i: number) =>
			shownRow(userRow(store, names[i]!, users.get(names[i]!), from, today));
		return {
			days,
			activeUsers: names.length,
			bySpend: topK(names.length, (a, b) => spend[b]! - spend[a]! || byName(a, b), TOP).map(row),
			byRequests: reqKnown
				? topK(names.length, (a, b) => reqs[b]! - reqs[a]! || byName(a, b), TOP).map(row)
				: null,
			teams: teams.rows(store)
		};
	}

	/** New users: first day with spend or requests. Active: any spend or requests that day. */
	#growth(users: Map<string, UserSeries>, today: number): UsersState['growth'] {
		const from = today - 89;
		const fresh = new Array(90).fill(0) as number[];
		const active = new Array(90).fill(0) as number[];
		const mark = new Uint8Array(90);
		for (const s of users.values()) {
			let first = Infinity;
			mark.fill(0);
			for (const x of [s.spend, s.requests]) {
				if (!x) continue;
				first = Math.min(first, x.firstActive() ?? Infinity);
				// the series' own days in the window, read straight from its array
				for (let d = Math.max(from, x.start), b = Math.min(today, x.end); d <= b; d++)
					if (x.values[d - x.start]! > 0) mark[d - from] = 1;
			}
			if (first >= from && first <= today) fresh[first - from]!++;
			for (let i = 0; i < 90; i++) if (mark[i]) active[i]!++;
		}
		return fresh.map((n, i) => ({
			date: dateOfDay(from + i),
			newUsers: n,
			activeUsers: active[i]!
		}));
	}

	#heatmap(
		store: Store,
		users: Map<string, UserSeries>,
		today: number,
		scoped: boolean,
		agg: DayAggregates | null
	): UsersState['heatmap'] {
		// the hour-of-week counts come from every team's events: a scoped view uses its users' daily spend
		if (store.hourOfWeekEvents > 0 && !scoped) {
			// counted per local hour of the dashboard's zone as each request arrived
			const cells = Array.from({ length: 7 }, (_, day) =>
				Array.from(store.hourOfWeek.subarray(day * 24, day * 24 + 24))
			);
			return {
				source: 'events',
				events: store.hourOfWeekEvents,
				since: store.hourOfWeekSince,
				zone: store.zone,
				cells
			};
		}
		// only daily data: average spend per weekday over the last 12 weeks
		const sum = new Array(7).fill(0) as number[];
		const n = new Array(7).fill(0) as number[];
		const start = today - 83;
		// spend per day in nano-dollars: from the aggregates, or one pass over a scope's users
		let perDay: Float64Array;
		if (agg) perDay = agg.spendDays.subarray(WINDOW - 84);
		else {
			perDay = new Float64Array(84);
			for (const s of users.values()) {
				const x = s.spend;
				if (!x) continue;
				for (let d = Math.max(start, x.start), b = Math.min(today, x.end); d <= b; d++)
					if (x.values[d - x.start]) perDay[d - start]! += nano(x.values[d - x.start]!);
			}
		}
		for (let d = start; d <= today; d++) {
			const w = new Date(d * 86_400_000).getUTCDay();
			sum[w]! += perDay[d - start]!;
			n[w]!++;
		}
		return { source: 'daily', weekday: sum.map((s, i) => (n[i] ? s / n[i]! / NANO : 0)) };
	}
}
