// join / leave: a client joins a page's room and gets its snapshot in the ack. The
// snapshot is built synchronously right after the join, so no delta can fall between them.
// Which publisher serves the room depends on the caller: a team-limited account gets a
// copy filtered to its teams, in a Socket.IO room of its own.
import { ROOM_NAMES, type RoomName } from '../../shared/types.ts';
import type { Principal } from '../../shared/auth.ts';
import type { Reply } from '../../shared/events.ts';
import type { Snapshot } from '../../shared/types.ts';
import type { HelixSocket } from '../realtime.ts';
import type { RoomPublisher } from '../publisher.ts';

const isRoom = (v: unknown): v is RoomName => typeof v === 'string' && (ROOM_NAMES as readonly string[]).includes(v);

export type PublisherFor = (room: RoomName, principal: Principal) => { pub: RoomPublisher; channel: string } | { error: string };

export function roomsSocketHandler(socket: HelixSocket, publisherFor: PublisherFor): void {
	socket.on('join', (room, ack) => {
		if (typeof ack !== 'function') return;
		let reply: Reply<Snapshot>;
		try {
			if (!isRoom(room)) {
				reply = { ok: false, msg: `unknown room "${String(room).slice(0, 40)}"; rooms: ${ROOM_NAMES.join(', ')}` };
			} else {
				const r = publisherFor(room, socket.data.principal);
				if ('error' in r) reply = { ok: false, msg: r.error };
				else {
					void socket.join(r.channel);
					reply = { ok: true, data: r.pub.snapshot() };
				}
			}
		} catch {
			reply = { ok: false, msg: 'could not join the room' };
		}
		ack(reply);
	});

	socket.on('leave', (room) => {
		if (!isRoom(room)) return;
		for (const name of socket.rooms) if (name === room || name.startsWith(`${room}@`)) void socket.leave(name);
	});
}
