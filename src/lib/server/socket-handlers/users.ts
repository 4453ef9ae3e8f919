// users:search — find users by id fragment, with their figures over a range.
import { z } from 'zod';
import { dateInZone, type Clock } from '../../shared/time.ts';
import { dayNumber } from '../day-series.ts';
import type { HelixSocket } from '../realtime.ts';
import type { Store } from '../store.ts';
import { userRow } from '../topics/users.ts';

const searchSchema = z
	.object({
		query: z.string({ error: 'query must be text' }).trim().min(1, 'type at least one character').max(200, 'query is at most 200 characters'),
		days: z.union([z.literal(7), z.literal(30), z.literal(90)], { error: 'days must be 7, 30 or 90' })
	})
	.strict();

export function usersSocketHandler(socket: HelixSocket, store: Store, clock: Clock, timezoneOffset: number): void {
	socket.on('users:search', (input, ack) => {
		if (typeof ack !== 'function') return;
		const r = searchSchema.safeParse(input);
		if (!r.success) return ack({ ok: false, msg: r.error.issues.map((i) => i.message).join('; ') });
		const q = r.data.query.toLowerCase();
		const teams = socket.data.principal.teams;
		const today = dayNumber(dateInZone(clock.now(), timezoneOffset));
		const rows = [];
		for (const [u, s] of store.entities.users) {
			if (!u.toLowerCase().includes(q)) continue;
			if (teams && !teams.includes(store.entities.teams.get(u) ?? '')) continue;
			rows.push(userRow(store, u, s, today - r.data.days + 1, today));
			if (rows.length >= 50) break;
		}
		ack({ ok: true, data: rows.sort((a, b) => b.spendUsd - a.spendUsd) });
	});
}
