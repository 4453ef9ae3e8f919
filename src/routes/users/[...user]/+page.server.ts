import { error, redirect } from '@sveltejs/kit';
import { redactText } from '$lib/server/security/pii/redact';
import { userProfile } from '$lib/server/explore/profile';
import { userRequestStats } from '$lib/server/explore/user-requests';
import { linkable, type UserRequestStats } from '$lib/shared/protocol/entities';
import { entityRange } from '$lib/shared/protocol/history';
import type { TailBatch } from '$lib/shared/protocol/tail';

/**
 * A user's page: their profile (figures per range, first and last seen, team, groups, PII
 * incidents, redacted) from the store, and their latest requests (the tail, pre-filtered).
 * A team-limited account opens only its own teams' users. The page reloads this when a new
 * request of the user arrives in its tail (depends 'helix:user'), never on a timer.
 */
export async function load({ locals, params, url, depends }) {
	depends('helix:user');
	const p = locals.session?.principal ?? null;
	const user = params.user.slice(0, 200);
	// an id that holds personal data (an e-mail address) is never echoed back, not even from
	// the URL: the page moves to the redacted id, which says so
	const shown = redactText(user);
	if (shown !== user) redirect(303, `/users/${shown.split('/').map(encodeURIComponent).join('/')}`);
	const { rt } = locals;
	const team = rt.store.entities.teams.get(user) ?? null;
	if (p?.teams && (team === null || !p.teams.includes(team)))
		error(403, `forbidden: ${p.user} is limited to teams ${p.teams.join(', ')}`);
	const profile = userProfile(rt.store, rt.groups, user, Date.now(), rt.config.timezone);
	// a redacted id ([EMAIL_ADDRESS]) names nobody and would match others' rows in the tail
	const redacted = !linkable(user);
	let first: TailBatch | null = null;
	let requests: UserRequestStats | null = null;
	const range = entityRange(url.searchParams, Date.now());
	if (rt.health().redis.connected && !redacted) {
		const teams = p?.teams ?? null;
		[first, requests] = await Promise.all([
			rt.tail.before({ user }, teams, undefined, 50).catch(() => null),
			userRequestStats(rt.tail, user, teams, range.from, range.to).catch(() => null)
		]);
	}
	return {
		profile,
		first,
		requests,
		redacted,
		known: profile.known || (first?.rows.length ?? 0) > 0
	};
}
