// Warnings for a budget target or group members the gateway has not recorded (yet). They are
// accepted — a team may appear later — but the operator is told why the figure will stay at
// $0.00 until it does, instead of nothing (issue 21, item 4).
import { KEYS, PATTERNS } from '../../shared/contract/keys.ts';
import type { Store } from '../pipeline/store.ts';

/** at most this many unknown names are listed in one warning */
const MAX_LISTED = 10;

export function budgetTargetWarnings(store: Store, item: unknown): string[] {
	const b = item as { scope?: unknown; target?: unknown };
	if (typeof b?.target !== 'string') return [];
	const t = b.target.trim();
	const e = store.entities;
	if (b.scope === 'team' && ![...e.teams.values()].includes(t))
		return [
			`No user of the gateway is in a team "${t}" yet (${KEYS.userTeams} or an entry's team): the budget stays at $0.00 until one is.`
		];
	if (b.scope === 'user' && !e.users.has(t))
		return [
			`The gateway has recorded no spend for a user "${t}" yet (${PATTERNS.spendUser}): the budget stays at $0.00 until it does.`
		];
	if (b.scope === 'model' && !e.models.has(t))
		return [
			`The gateway has recorded no spend for a model "${t}" yet (${PATTERNS.spendModel}): the budget stays at $0.00 until it does.`
		];
	return [];
}

export function groupMemberWarnings(store: Store, item: unknown): string[] {
	const users = (item as { users?: unknown })?.users;
	if (!Array.isArray(users)) return [];
	const unknown = users.filter(
		(u): u is string => typeof u === 'string' && !store.entities.users.has(u.trim())
	);
	if (!unknown.length) return [];
	const listed = unknown.slice(0, MAX_LISTED).map((u) => `"${u}"`);
	const more = unknown.length > MAX_LISTED ? ` and ${unknown.length - MAX_LISTED} more` : '';
	return [
		`The gateway has recorded no spend for ${listed.join(', ')}${more} yet (${PATTERNS.spendUser}): kept in the group, counted once they appear.`
	];
}
