// tail:watch / tail:unwatch / tail:page — the live request tail (explore/tail.ts). A watch
// answers with the rows after the id the browser already has (its reconnect backfill) and
// then pushes `tail:rows`; a page answers older rows. A team-limited account sees only its
// teams' requests; every read is bounded (TAIL_SCAN_MAX entries).
import { fail, ok, validate } from '../../../shared/protocol/reply.ts';
import { tailPageSchema, tailWatchSchema } from '../../../shared/protocol/tail.ts';
import type { TailService } from '../../explore/tail.ts';
import type { HelixSocket } from '../types.ts';

export function tailSocketHandler(
	socket: HelixSocket,
	tail: TailService,
	isConnected: () => boolean
): void {
	const teams = () => socket.data.principal.teams;
	const away = () =>
		fail('unavailable', 'the dashboard cannot reach Redis; the tail resumes when it can');
	socket.on('tail:watch', async (input, ack) => {
		if (typeof ack !== 'function') return;
		const r = validate(tailWatchSchema, input);
		if (!r.ok) return ack(r);
		// watching first, then reading what came after: the two may overlap, never leave a gap
		if (!tail.watch(socket, r.data.filter, teams()))
			return ack(fail('too_many', 'this server serves too many request tails; try again shortly'));
		if (!r.data.after) return ack(ok({ rows: [], more: false, cursor: null }));
		if (!isConnected()) return ack(away());
		try {
			ack(ok(await tail.after(r.data.filter, teams(), r.data.after)));
		} catch (err) {
			ack(fail('unavailable', `reading helix:events failed: ${(err as Error).message}`));
		}
	});
	socket.on('tail:unwatch', () => tail.unwatch(socket));
	socket.on('tail:page', async (input, ack) => {
		if (typeof ack !== 'function') return;
		const r = validate(tailPageSchema, input);
		if (!r.ok) return ack(r);
		if (!isConnected()) return ack(away());
		try {
			ack(ok(await tail.before(r.data.filter, teams(), r.data.before, r.data.limit)));
		} catch (err) {
			ack(fail('unavailable', `reading helix:events failed: ${(err as Error).message}`));
		}
	});
	socket.on('disconnect', () => tail.unwatch(socket));
}
