// The single typed Socket.IO client of the browser.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, Reply, ServerToClientEvents } from '../shared/events.ts';
import type { RoomName, Snapshot } from '../shared/types.ts';

export type HelixClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: HelixClientSocket | undefined;

export function getSocket(): HelixClientSocket {
	// websocket only: lowest latency, and no sticky sessions needed behind a load balancer
	socket ??= io({ transports: ['websocket'], reconnectionDelayMax: 5_000 });
	return socket;
}

export function joinRoom(room: RoomName, timeoutMs = 10_000): Promise<Reply<Snapshot>> {
	return new Promise((resolve) => {
		getSocket()
			.timeout(timeoutMs)
			.emit('join', room, (err: Error | null, reply: Reply<Snapshot>) => {
				resolve(err ? { ok: false, msg: 'the server did not answer the join in time' } : reply);
			});
	});
}
