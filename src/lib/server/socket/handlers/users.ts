// users:search — find users by id fragment, with their figures over a range.
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
		const q = r.data.query.toLowerCase();
		const teams = socket.data.principal.teams;
		const today = dayNumber(dateInZone(clock.now(), timezone));
		const rows = [];
		for (const [u, s] of store.entities.users) {
			if (!u.toLowerCase().includes(q)) continue;
			if (teams && !teams.includes(store.entities.teams.get(u) ?? '')) continue;
			rows.push(userRow(store, u, s, today - r.data.days + 1, today));
			if (rows.length >= SEARCH_LIMIT) break;
		}
		ack(ok(rows.sort((a, b) => b.spendUsd - a.spendUsd).map(shownRow)));
	});
}
