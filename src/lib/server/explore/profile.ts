// A user's page: their figures over 7/30/90 days, first and last seen, the last 90 days day by
// day, their team and groups, and their PII incidents (already redacted in the store). Built
// from what the store holds — one user's series and one pass over the incident feed the
// store keeps (bounded by the Security settings' feed size) — so it costs the same with 10 or
// 200,000 users.
import type { Group } from '../../shared/protocol/groups.ts';
import type { UserDay, UserProfile } from '../../shared/protocol/entities.ts';
import { RANGES } from '../../shared/protocol/state/cost.ts';
import { dateInZone, type Zone } from '../../shared/time.ts';
import type { Collection } from '../platform/collection.ts';
import { dateOfDay, dayNumber } from '../pipeline/day-series.ts';
import type { Store } from '../pipeline/store.ts';
import { userRow } from '../rooms/topics/users.ts';
import { redactText } from '../security/pii/redact.ts';

/** incidents a user's page lists at most (the count is whole) */
export const PROFILE_INCIDENTS = 50;
const DAYS = 90;

export function userProfile(
	store: Store,
	groups: Collection<Group>,
	user: string,
	now: number,
	zone: Zone
): UserProfile {
	const today = dayNumber(dateInZone(now, zone));
	const s = store.entities.users.get(user);
	const team = store.entities.teams.get(user) ?? null;
	const ranges = RANGES.map((days) => ({
		days,
		row: userRow(store, user, s, today - days + 1, today)
	}));
	const last = [s?.spend, s?.requests]
		.map((x) => x?.lastActive() ?? null)
		.filter((x): x is number => x !== null);
	const days: UserDay[] = [];
	for (let d = today - DAYS + 1; d <= today; d++)
		days.push({
			date: dateOfDay(d),
			spendUsd: s?.spend?.at(d) ?? 0,
			requests: store.entities.requestsKnown ? (s?.requests?.at(d) ?? 0) : null
		});
	// incidents name the user as the gateway wrote it, redacted like everything from outside
	const shown = redactText(user);
	const incidents = (store.incidents?.incidents ?? []).filter((i) => i.userId === shown);
	const inGroups = groups
		.list()
		.filter((g) => g.users.includes(user))
		.map((g) => g.name)
		.sort();
	return {
		user: shown,
		known: s !== undefined || team !== null || incidents.length > 0,
		team: team === null ? null : redactText(team),
		groups: inGroups,
		ranges,
		firstSeen: ranges[ranges.length - 1]!.row.firstSeen,
		lastSeen: last.length ? dateOfDay(Math.max(...last)) : null,
		days,
		incidents: incidents.slice(0, PROFILE_INCIDENTS),
		incidentCount: incidents.length
	};
}
