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

/** a snapshot still unsent after this long no longer blocks the next join of its room */
const IN_FLIGHT_MAX_MS = 10_000;

export function roomsSocketHandler(socket: HelixSocket, serve: Serve): void {
	// at most one snapshot per room waiting in this socket's write buffer: a client that sends
	// joins without reading the answers gets refusals, not one snapshot copy per join in memory
	const inFlight = new Set<RoomName>();
	const sent = (room: RoomName) => {
		const done = () => (inFlight.delete(room), clearTimeout(timer));
		const timer = setTimeout(done, IN_FLIGHT_MAX_MS);
		timer.unref?.();
		// engine.io's "drain": the write buffer (our ack with it) was handed to the transport
		socket.conn.once('drain', done);
	};
	socket.on('join', (room, ack) => {
		if (typeof ack !== 'function') return;
		let reply: Reply<Snapshot>;
		try {
			if (isRoom(room) && inFlight.has(room)) {
				reply = fail(
					'too_many',
					`a snapshot of "${room}" is still being sent on this connection; join again once it arrives`
				);
			} else if (!isRoom(room)) {
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
					inFlight.add(room);
					sent(room);
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
