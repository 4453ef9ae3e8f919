// join / leave: a client joins a page's room and gets its snapshot in the ack. The
// snapshot is built synchronously right after the join, so no delta can fall between them.
import { ROOM_NAMES, type RoomName } from '../../shared/types.ts';
import type { Reply } from '../../shared/events.ts';
import type { Snapshot } from '../../shared/types.ts';
import type { HelixSocket } from '../realtime.ts';
import type { RoomPublisher } from '../publisher.ts';

const isRoom = (v: unknown): v is RoomName => typeof v === 'string' && (ROOM_NAMES as readonly string[]).includes(v);

export function roomsSocketHandler(socket: HelixSocket, publishers: Map<RoomName, RoomPublisher>): void {
	socket.on('join', (room, ack) => {
		if (typeof ack !== 'function') return;
		let reply: Reply<Snapshot>;
		try {
			const pub = isRoom(room) ? publishers.get(room) : undefined;
			if (!pub) {
				reply = { ok: false, msg: `unknown room "${String(room).slice(0, 40)}"; rooms: ${ROOM_NAMES.join(', ')}` };
			} else {
				void socket.join(room);
				reply = { ok: true, data: pub.snapshot() };
			}
		} catch {
			reply = { ok: false, msg: 'could not join the room' };
		}
		ack(reply);
	});

	socket.on('leave', (room) => {
		if (isRoom(room)) void socket.leave(room);
	});
}
