// join / leave: a client joins a page's room and gets its snapshot in the ack. The
// snapshot is built synchronously right after the join, so no delta can fall between them.
// Which publisher serves the room depends on the caller: a team-limited account gets a
// copy filtered to its teams, in a Socket.IO room of its own.
import type { Principal } from '../../../shared/auth.ts';
import { fail, ok, type Reply } from '../../../shared/protocol/reply.ts';
import { ROOM_NAMES, type RoomName, type Snapshot } from '../../../shared/protocol/rooms.ts';
import type { Served } from '../../rooms/room-set.ts';
import type { HelixSocket } from '../types.ts';

const isRoom = (v: unknown): v is RoomName =>
	typeof v === 'string' && (ROOM_NAMES as readonly string[]).includes(v);

export type Serve = (room: RoomName, principal: Principal) => Served;

export function roomsSocketHandler(socket: HelixSocket, serve: Serve): void {
	socket.on('join', (room, ack) => {
		if (typeof ack !== 'function') return;
		let reply: Reply<Snapshot>;
		try {
			if (!isRoom(room)) {
				reply = fail(
					'not_found',
					`unknown room "${String(room).slice(0, 40)}"; rooms: ${ROOM_NAMES.join(', ')}`
				);
			} else {
				const r = serve(room, socket.data.principal);
				if ('error' in r) reply = fail('forbidden', r.error);
				else {
					void socket.join(r.channel);
					reply = ok(r.pub.snapshot());
				}
			}
		} catch {
			reply = fail('unavailable', 'could not join the room');
		}
		ack(reply);
	});

	socket.on('leave', (room) => {
		if (!isRoom(room)) return;
		for (const name of socket.rooms)
			if (name === room || name.startsWith(`${room}@`)) void socket.leave(name);
	});
}
