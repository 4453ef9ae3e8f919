// users:search — find users by id fragment (pipeline/user-search.ts), with their figures
// over a range.
import { ok, validate } from '../../../shared/protocol/reply.ts';
import { SEARCH_LIMIT, usersSearchSchema } from '../../../shared/protocol/users.ts';
import { dateInZone, type Clock, type Zone } from '../../../shared/time.ts';
import { dayNumber } from '../../pipeline/day-series.ts';
import type { Store } from '../../pipeline/store.ts';
import { shownRow, userRow } from '../../rooms/topics/users.ts';
import type { HelixSocket } from '../types.ts';

export function usersSocketHandler(
	socket: HelixSocket,
	store: Store,
	clock: Clock,
	timezone: Zone
): void {
	socket.on('users:search', (input, ack) => {
		if (typeof ack !== 'function') return;
		const r = validate(usersSearchSchema, input);
		if (!r.ok) return ack(r);
		const teams = socket.data.principal.teams;
		const today = dayNumber(dateInZone(clock.now(), timezone));
		const ents = store.entities;
		// the n-gram index: at most MAX_CANDIDATES ids looked at, however many users there are
		// (and at most 10 searches a second per socket: the socket's event budget)
		const hits = ents.search.search(
			r.data.query,
			(u) => !teams || teams.includes(ents.teams.get(u) ?? ''),
			SEARCH_LIMIT
		);
		const rows = hits.ids.map((u) =>
			userRow(store, u, ents.users.get(u), today - r.data.days + 1, today)
		);
		ack(ok(rows.sort((a, b) => b.spendUsd - a.spendUsd).map(shownRow)));
	});
}
