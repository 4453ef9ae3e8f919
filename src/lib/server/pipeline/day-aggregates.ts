// One local day's aggregates over the per-user series, kept up to date as each user key is
// re-read, so the Users and Cost rooms never walk 200,000 users per derive: each user's 7/30/90-day sums,
// the active counts, per-team totals, the top lists by spend and by requests, and the
// per-day active/new/spend counts of growth and the heatmap. They are relative to one local
// day: a change costs O(WINDOW) for the changed user; when the day rolls, the next read
// rebuilds them once (O(users)). tests/unit/users-topic.test.ts checks them against a
// full recomputation after random writes.
import { RANGES } from '../../shared/protocol/state/cost.ts';
import type { DaySeries } from './day-series.ts';
import { TOP_BY_REQUESTS, TOP_BY_SPEND, WINDOW, nano } from './aggregate-units.ts';
import { TopList } from './top-list.ts';
import { Share } from './user-share.ts';

export interface UserSeriesLike {
	spend?: DaySeries;
	requests?: DaySeries;
	hits?: DaySeries;
}

export interface TeamAggregate {
	team: string;
	/** users with a series and this team */
	members: number;
	/** per range index */
	active: number[];
	spendNano: number[];
	requests: number[];
	hits: number[];
}

const zeros = () => RANGES.map(() => 0);

export class DayAggregates {
	/** the local day the aggregates are relative to (null: not built yet) */
	day: number | null = null;
	readonly #shares = new Map<string, Share>();
	/** per range index: users with spend or requests; users with spend */
	readonly active = zeros();
	readonly spenders = zeros();
	/** per range index: every user's spend, nano-$ (shares when helix:spend:total is absent) */
	readonly spendNano = zeros();
	readonly teams = new Map<string, TeamAggregate>();
	readonly #members = new Map<string, Set<string>>();
	readonly bySpend = RANGES.map(() => new TopList(TOP_BY_SPEND));
	readonly byRequests = RANGES.map(() => new TopList(TOP_BY_REQUESTS));
	/** per day of [day - WINDOW + 1, day]: active users, users first seen, spend (nano-$) */
	readonly activeDays = new Float64Array(WINDOW);
	readonly newDays = new Float64Array(WINDOW);
	readonly spendDays = new Float64Array(WINDOW);
	readonly #mark = new Uint8Array(WINDOW);
	#pending: Iterator<[string, UserSeriesLike]> | null = null;
	/** full rebuilds so far (day rolls, first use): the bench and tests count them */
	rebuilds = 0;

	constructor(
		private readonly users: () => Map<string, UserSeriesLike>,
		private readonly teamOf: (user: string) => string | undefined
	) {}

	/** The aggregates for local day `today`, rebuilt first if they are for another day. */
	at(today: number): this {
		if (this.#pending) this.step(Infinity);
		if (this.day !== today) this.#rebuild(today);
		for (let r = 0; r < RANGES.length; r++) {
			if (this.bySpend[r]!.stale) this.#rescan(this.bySpend[r]!, (s) => s.spend(r), r);
			if (this.byRequests[r]!.stale) this.#rescan(this.byRequests[r]!, (s) => s.requests(r), r);
		}
		return this;
	}

	/** The members of a team that have a series. */
	membersOf(team: string): ReadonlySet<string> {
		return this.#members.get(team) ?? new Set();
	}

	/** Starts a build for `day` from nothing, done in steps (a spare instance, ahead of the roll). */
	begin(day: number): void {
		this.day = day;
		this.#pending = this.users().entries();
	}

	get building(): boolean {
		return this.#pending !== null;
	}

	/**
	 * Adds users for at most `budgetMs` (or `maxUsers`); true once every user is in. The map's
	 * iterator also sees users added meanwhile; one a change already added is skipped.
	 */
	step(budgetMs: number, maxUsers = Infinity): boolean {
		const t0 = performance.now();
		for (let n = 1; this.#pending; n++) {
			const it = this.#pending.next();
			if (it.done) this.#pending = null;
			else {
				const [user, s] = it.value;
				if (!this.#shares.has(user)) this.#add(user, s, this.teamOf(user) ?? null);
				if (n >= maxUsers || ((n & 63) === 0 && performance.now() - t0 > budgetMs)) break;
			}
		}
		return this.#pending === null;
	}

	/** A user's series changed from `prev` to `next` (either may be absent). */
	update(user: string, prev: UserSeriesLike | undefined, next: UserSeriesLike | undefined): void {
		if (this.day === null) return;
		const share = prev && next ? this.#shares.get(user) : undefined;
		if (share && prev && next) {
			// the common write (a user's key re-read): the share is updated in place — no map
			// delete and set, no new arrays (200,000 users: GC was a third of the server's time)
			const team = this.teamOf(user) ?? null;
			const same = team === share.team ? (team === null ? null : this.teams.get(team)!) : undefined;
			this.#counts(share, -1);
			if (same) this.#teamFigures(same, share, -1);
			else if (same === undefined) this.#team(user, share, -1);
			this.#days(prev, -1);
			share.team = team;
			this.#fill(share, next);
			this.#counts(share, 1);
			this.#offer(user, share);
			if (same) this.#teamFigures(same, share, 1);
			else if (same === undefined) this.#team(user, share, 1);
			this.#days(next, 1);
			return;
		}
		if (prev) this.#remove(user, prev);
		if (next) this.#add(user, next, this.teamOf(user) ?? null);
		else this.#offer(user, null);
	}

	/** The user → team map changed for these users (their series did not). */
	teamsChanged(changed: Iterable<string>): void {
		if (this.day === null) return;
		for (const user of changed) {
			const s = this.#shares.get(user);
			const team = this.teamOf(user) ?? null;
			if (!s || s.team === team) continue;
			this.#team(user, s, -1);
			s.team = team;
			this.#team(user, s, 1);
		}
	}

	#rebuild(today: number): void {
		const first = this.day === null;
		this.day = today;
		this.rebuilds++;
		for (let r = 0; r < RANGES.length; r++) {
			this.active[r] = 0;
			this.spenders[r] = 0;
			this.spendNano[r] = 0;
			this.bySpend[r]!.clear();
			this.byRequests[r]!.clear();
		}
		this.activeDays.fill(0);
		this.newDays.fill(0);
		this.spendDays.fill(0);
		if (first) {
			for (const [user, s] of this.users()) this.#add(user, s, this.teamOf(user) ?? null);
			return;
		}
		// a day roll: the users, their teams and the team index stay; only the figures move,
		// recomputed in place (no share, set or map is rebuilt)
		for (const t of this.teams.values())
			for (let r = 0; r < RANGES.length; r++)
				t.active[r] = t.spendNano[r] = t.requests[r] = t.hits[r] = 0;
		for (const [user, s] of this.users()) {
			const share = this.#shares.get(user)!;
			this.#fill(share, s);
			this.#counts(share, 1);
			this.#offer(user, share);
			if (share.team !== null) this.#teamFigures(this.teams.get(share.team)!, share, 1);
			this.#days(s, 1);
		}
	}

	#rescan(list: TopList, value: (s: Share) => number, r: number): void {
		list.clear();
		for (const [user, s] of this.#shares)
			if (s.spend(r) > 0 || s.requests(r) > 0) list.offer(user, value(s));
	}

	#add(user: string, s: UserSeriesLike, team: string | null): void {
		const share = new Share(team);
		this.#fill(share, s);
		this.#shares.set(user, share);
		this.#counts(share, 1);
		this.#offer(user, share);
		this.#team(user, share, 1);
		this.#days(s, 1);
	}

	/** The share's range sums as of this.day (three O(1) prefix-sum lookups per metric). */
	#fill(share: Share, s: UserSeriesLike): void {
		const day = this.day!;
		for (let r = 0; r < RANGES.length; r++) {
			const from = day - RANGES[r]! + 1;
			share.setSpend(r, s.spend?.sum(from, day) ?? 0);
			share.setRequests(r, s.requests?.sum(from, day) ?? 0);
			share.setHits(r, s.hits?.sum(from, day) ?? 0);
		}
	}

	#remove(user: string, s: UserSeriesLike): void {
		const share = this.#shares.get(user);
		if (!share) return;
		this.#shares.delete(user);
		this.#counts(share, -1);
		this.#team(user, share, -1);
		this.#days(s, -1);
	}

	#counts(s: Share, sign: 1 | -1): void {
		for (let r = 0; r < RANGES.length; r++) {
			if (s.spend(r) > 0 || s.requests(r) > 0) this.active[r]! += sign;
			if (s.spend(r) > 0) this.spenders[r]! += sign;
			this.spendNano[r]! += sign * nano(s.spend(r));
		}
	}

	/** The user's new figures to the top lists, once per change (null: gone). A removal and
	 * re-add would mark a full list stale on every write to a user in it. */
	#offer(user: string, s: Share | null): void {
		for (let r = 0; r < RANGES.length; r++) {
			const active = s !== null && (s.spend(r) > 0 || s.requests(r) > 0);
			this.bySpend[r]!.offer(user, active ? s.spend(r) : null);
			this.byRequests[r]!.offer(user, active ? s.requests(r) : null);
		}
	}

	#team(user: string, s: Share, sign: 1 | -1): void {
		if (s.team === null) return;
		let t = this.teams.get(s.team);
		if (!t) {
			t = {
				team: s.team,
				members: 0,
				active: zeros(),
				spendNano: zeros(),
				requests: zeros(),
				hits: zeros()
			};
			this.teams.set(s.team, t);
			this.#members.set(s.team, new Set());
		}
		t.members += sign;
		this.#teamFigures(t, s, sign);
		const members = this.#members.get(s.team)!;
		if (sign > 0) members.add(user);
		else members.delete(user);
		if (t.members === 0) {
			this.teams.delete(s.team);
			this.#members.delete(s.team);
		}
	}

	#teamFigures(t: TeamAggregate, s: Share, sign: 1 | -1): void {
		for (let r = 0; r < RANGES.length; r++) {
			if (s.spend(r) > 0 || s.requests(r) > 0) t.active[r]! += sign;
			t.spendNano[r]! += sign * nano(s.spend(r));
			t.requests[r]! += sign * s.requests(r);
			t.hits[r]! += sign * s.hits(r);
		}
	}

	/** Growth's active and new users per day and the heatmap's spend per day. */
	#days(s: UserSeriesLike, sign: 1 | -1): void {
		const day = this.day!;
		const from = day - WINDOW + 1;
		let first = Infinity;
		const mark = this.#mark.fill(0);
		for (const x of [s.spend, s.requests]) {
			if (!x) continue;
			first = Math.min(first, x.firstActive() ?? Infinity);
			// the series' own days in the window, read straight from its array
			for (let d = Math.max(from, x.start), b = Math.min(day, x.end); d <= b; d++) {
				const v = x.values[d - x.start]!;
				if (v > 0) mark[d - from] = 1;
				if (v && x === s.spend) this.spendDays[d - from]! += sign * nano(v);
			}
		}
		if (first >= from && first <= day) this.newDays[first - from]! += sign;
		for (let i = 0; i < WINDOW; i++) if (mark[i]) this.activeDays[i]! += sign;
	}
}
