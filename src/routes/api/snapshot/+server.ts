import { json } from '@sveltejs/kit';
import { failure } from '$lib/server/http/respond';
import { ROOM_NAMES, type RoomName } from '$lib/shared/protocol/rooms';

const isRoom = (v: string): v is RoomName => (ROOM_NAMES as readonly string[]).includes(v);

/** GET /api/snapshot (every room) or /api/snapshot?room=overview */
export function GET({ url, locals }) {
	const { rt } = locals;
	const room = url.searchParams.get('room');
	if (room !== null) {
		if (!isRoom(room))
			return failure(
				'invalid',
				`unknown room "${room.slice(0, 40)}"; rooms: ${ROOM_NAMES.join(', ')}`
			);
		return json(rt.snapshot(room), { headers: { 'cache-control': 'no-store' } });
	}
	const all = Object.fromEntries(ROOM_NAMES.map((r) => [r, rt.snapshot(r)]));
	return json({ health: rt.health(), rooms: all }, { headers: { 'cache-control': 'no-store' } });
}
