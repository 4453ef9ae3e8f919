import { error } from '@sveltejs/kit';
import { redactText } from '$lib/server/security/pii/redact';
import type { TailBatch } from '$lib/shared/protocol/tail';

/** members a team page lists at most (the count is always whole) */
const MEMBERS_SHOWN = 500;

/**
 * A team's page: its members (from helix:user:team, redacted), its latest requests (the
 * tail, pre-filtered) and the Users and Cost rooms' first paint. A team-limited account opens
 * only its own teams' pages.
 */
export async function load({ locals, params }) {
	const p = locals.session?.principal ?? null;
	const team = params.team.slice(0, 200);
	if (p?.teams && !p.teams.includes(team))
		error(403, `forbidden: ${p.user} is limited to teams ${p.teams.join(', ')}`);
	const { rt } = locals;
	const members: string[] = [];
	let count = 0;
	for (const [u, t] of rt.store.entities.teams)
		if (t === team && count++ < MEMBERS_SHOWN) members.push(redactText(u));
	let first: TailBatch | null = null;
	if (rt.health().redis.connected)
		first = await rt.tail.before({ team }, p?.teams ?? null, undefined, 50).catch(() => null);
	return {
		team,
		members: members.sort(),
		memberCount: count,
		first,
		users: rt.snapshotFor('users', p) ?? null,
		cost: p?.teams ? null : (rt.snapshotFor('cost', p) ?? null)
	};
}
