// history:watch / history:unwatch — a chart whose range ends at "now" follows its query's
// newest steps (history/live.ts). A team-limited account watches only its teams' series.
import { fail, ok, validate } from '../../../shared/protocol/reply.ts';
import { historyWatchSchema } from '../../../shared/protocol/history.ts';
import type { HistoryService } from '../../history/service.ts';
import { watchId } from '../../history/live.ts';
import type { HelixSocket } from '../types.ts';

/** history queries one socket follows at once (a page shows a handful of charts) */
export const MAX_WATCHES_PER_SOCKET = 20;

export function historySocketHandler(socket: HelixSocket, history: HistoryService | null): void {
	const mine = new Set<string>();
	socket.on('history:watch', (input, ack) => {
		if (typeof ack !== 'function') return;
		if (!history) return ack(fail('disabled', 'history is disabled (ENABLE_HISTORY=false)'));
		const r = validate(historyWatchSchema, input);
		if (!r.ok) return ack(r);
		const refused = history.refusal(r.data, socket.data.principal);
		if (refused) return ack(fail('forbidden', refused));
		const id = watchId(r.data);
		if (!mine.has(id) && mine.size >= MAX_WATCHES_PER_SOCKET)
			return ack(fail('too_many', `at most ${MAX_WATCHES_PER_SOCKET} live charts per connection`));
		void socket.join(id);
		if (!history.live.watch(r.data)) {
			void socket.leave(id);
			return ack(fail('too_many', 'this server follows too many live charts; try again shortly'));
		}
		mine.add(id);
		ack(ok({ id }));
	});
	socket.on('history:unwatch', (id) => {
		if (typeof id !== 'string' || !mine.delete(id)) return;
		void socket.leave(id);
	});
}
