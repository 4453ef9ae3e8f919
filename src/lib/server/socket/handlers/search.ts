// search — the header's "find anything": models, users and teams by id prefix, from the index
// (explore/search.ts). Each answer costs O(log n + results); the socket's event budget
// (socket/budget.ts) bounds how many a socket may ask.
import { ok, validate } from '../../../shared/protocol/reply.ts';
import { entitySearchSchema } from '../../../shared/protocol/search.ts';
import type { EntityIndex } from '../../explore/search.ts';
import type { HelixSocket } from '../types.ts';

export function searchSocketHandler(socket: HelixSocket, index: EntityIndex): void {
	socket.on('search', (input, ack) => {
		if (typeof ack !== 'function') return;
		const r = validate(entitySearchSchema, input);
		if (!r.ok) return ack(r);
		ack(ok(index.search(r.data.q, socket.data.principal.teams ?? null)));
	});
}
