// Per-team rows of the Users room (and the users export): from a range's user rows, or from
// the incremental aggregates; most spend first, ties by name, names redacted as they leave.
// Null when helix:user:team does not exist (the page shows "—", not 0).
import type { TeamRow, UserRow } from '../../../shared/protocol/state/users.ts';
import { NANO, nano } from '../../pipeline/aggregate-units.ts';
import type { DayAggregates } from '../../pipeline/day-aggregates.ts';
import type { Store } from '../../pipeline/store.ts';
import { redactText } from '../../security/pii/redact.ts';

/** what a team's totals need of a user's row */
export type TeamInput = Pick<UserRow, 'team' | 'spendUsd' | 'requests' | 'hits'>;

/**
 * Per-team totals, fed one user at a time (no row object per user): `users` are the members
 * active in the range, `members` every member known.
 */
export class TeamTotals {
	#teams = new Map<string, TeamRow>();

	/** Spend is summed in nano-dollars (as the incremental aggregates do); hits count only
	 * where requests are known (a hit rate needs both). */
	add(team: string, spendUsd: number, requests: number | null, hits: number | null): void {
		let t = this.#teams.get(team);
		if (!t) {
			t = {
				team,
				users: 0,
				members: 0,
				spendUsd: 0,
				requests: requests === null ? null : 0,
				hits: requests === null ? null : 0,
				hitRate: null
			};
			this.#teams.set(team, t);
		}
		t.members++;
		if (spendUsd > 0 || (requests ?? 0) > 0) t.users++;
		t.spendUsd += nano(spendUsd);
		if (t.requests !== null && requests !== null) t.requests += requests;
		if (t.hits !== null && requests !== null) t.hits += hits ?? 0;
	}

	/** Most spend first (ties by name), names redacted as they leave; null without helix:user:team. */
	rows(store: Store): TeamRow[] | null {
		if (!store.entities.teams.size) return null;
		return sortedTeams(
			[...this.#teams.values()].map((t) => ({ ...t, spendUsd: t.spendUsd / NANO }))
		);
	}
}

/** Most spend first (ties by name), hit rates filled in, names redacted as they leave. */
function sortedTeams(out: TeamRow[]): TeamRow[] {
	for (const t of out) t.hitRate = t.requests && t.hits !== null ? t.hits / t.requests : null;
	return out
		.sort((a, b) => b.spendUsd - a.spendUsd || (a.team < b.team ? -1 : a.team > b.team ? 1 : 0))
		.map((t) => ({ ...t, team: redactText(t.team) }));
}

/** A range's team rows from the incremental aggregates (range index r). */
export function aggregateTeamRows(store: Store, agg: DayAggregates, r: number): TeamRow[] | null {
	if (!store.entities.teams.size) return null;
	const known = store.entities.requestsKnown;
	return sortedTeams(
		[...agg.teams.values()].map((t) => ({
			team: t.team,
			users: t.active[r]!,
			members: t.members,
			spendUsd: t.spendNano[r]! / NANO,
			requests: known ? t.requests[r]! : null,
			hits: known ? t.hits[r]! : null,
			hitRate: null
		}))
	);
}

/** Per-team totals of a range's user rows (the export and a group's rows use it). */
export function teamRows(store: Store, rows: TeamInput[]): TeamRow[] | null {
	const acc = new TeamTotals();
	for (const r of rows) if (r.team) acc.add(r.team, r.spendUsd, r.requests, r.hits);
	return acc.rows(store);
}
