import { json } from '@sveltejs/kit';
import { getRealtime } from '$lib/server/registry';
import { ROOM_NAMES, type RoomName } from '$lib/shared/types';

/** GET /api/snapshot (every room) or /api/snapshot?room=overview */
export function GET({ url }) {
	const rt = getRealtime();
	if (!rt) return json({ error: 'realtime module not attached' }, { status: 503 });
	const room = url.searchParams.get('room');
	if (room !== null) {
		if (!(ROOM_NAMES as readonly string[]).includes(room)) {
			return json({ error: `unknown room "${room.slice(0, 40)}"; rooms: ${ROOM_NAMES.join(', ')}` }, { status: 400 });
		}
		return json(rt.snapshot(room as RoomName), { headers: { 'cache-control': 'no-store' } });
	}
	const all = Object.fromEntries(ROOM_NAMES.map((r) => [r, rt.snapshot(r)]));
	return json({ health: rt.health(), rooms: all }, { headers: { 'cache-control': 'no-store' } });
}
