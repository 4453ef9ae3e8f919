// The user aggregates the rooms read (pipeline/day-aggregates.ts), and near local midnight
// the next day's, built in small steps beside them so that the roll is a swap.
import { dateInZone, dayFraction, type Zone } from '../../shared/time.ts';
import { DayAggregates, type UserSeriesLike } from './day-aggregates.ts';
import { dayNumber } from './day-series.ts';

/** how long before local midnight the next day's aggregates start building in steps */
export const AHEAD_MS = 30 * 60_000;

/**
 * The day's aggregates, and near local midnight the next day's, built in small steps while the
 * current ones serve: at the roll the rooms swap to them instead of stalling for a rebuild
 * over every user (~1 s at 200,000). Changes go to both.
 */
export class UserAggregates {
	#cur: DayAggregates;
	#next: DayAggregates | null = null;
	/** day rolls served by a build made ahead */
	swaps = 0;

	constructor(
		private readonly users: () => Map<string, UserSeriesLike>,
		private readonly teamOf: (user: string) => string | undefined
	) {
		this.#cur = new DayAggregates(users, teamOf);
	}

	get day(): number | null {
		return this.#cur.day;
	}

	/** full rebuilds (first use, a roll nobody built ahead for) */
	get rebuilds(): number {
		return this.#cur.rebuilds;
	}

	at(today: number): DayAggregates {
		if (this.#cur.day !== today && this.#next?.day === today) {
			const rebuilds = this.#cur.rebuilds;
			this.#next.step(Infinity);
			this.#cur = this.#next;
			this.#cur.rebuilds = rebuilds;
			this.#next = null;
			this.swaps++;
		}
		return this.#cur.at(today);
	}

	membersOf(team: string): ReadonlySet<string> {
		return this.#cur.membersOf(team);
	}

	update(user: string, prev: UserSeriesLike | undefined, next: UserSeriesLike | undefined): void {
		this.#cur.update(user, prev, next);
		this.#next?.update(user, prev, next);
	}

	teamsChanged(changed: Set<string>): void {
		this.#cur.teamsChanged(changed);
		this.#next?.teamsChanged(changed);
	}

	/**
	 * In the last AHEAD_MS before local midnight in `zone`: one step of the next day's build
	 * (at most `budgetMs` of work, so the loop never blocks longer). Called on a timer.
	 */
	ahead(now: number, zone: Zone, budgetMs = 4, maxUsers = Infinity): void {
		if (this.#cur.day === null || (1 - dayFraction(now, zone)) * 86_400_000 > AHEAD_MS) return;
		const tomorrow = dayNumber(dateInZone(now, zone)) + 1;
		if (this.#next?.day !== tomorrow) {
			this.#next = new DayAggregates(this.users, this.teamOf);
			this.#next.begin(tomorrow);
		}
		if (this.#next.building) this.#next.step(budgetMs, maxUsers);
	}
}
