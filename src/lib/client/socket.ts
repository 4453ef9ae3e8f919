// The single typed Socket.IO client of the browser. The handshake carries the session
// cookie; a refused handshake or a server-side cut (revoked session) leads to sign-in.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/protocol/events.ts';
import { fail, type Reply } from '../shared/protocol/reply.ts';
import type { RoomName, Snapshot } from '../shared/protocol/rooms.ts';
import { toLogin } from './managers/session.svelte.ts';

export type HelixClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: HelixClientSocket | undefined;

async function stillSignedIn(): Promise<boolean> {
	try {
		const s = (await (await fetch('/api/auth/session')).json()) as {
			principal: unknown;
			authRequired: boolean;
		};
		return !s.authRequired || s.principal !== null;
	} catch {
		return true; // server unreachable: keep reconnecting rather than jump to a page that will not load
	}
}

export function getSocket(): HelixClientSocket {
	if (socket) return socket;
	// websocket only: lowest latency, and no sticky sessions needed behind a load balancer
	const s: HelixClientSocket = io({ transports: ['websocket'], reconnectionDelayMax: 5_000 });
	s.on('connect_error', (err) => {
		if (err.message === 'unauthorized') toLogin();
	});
	s.on('disconnect', (reason) => {
		// the server cut us (session revoked or signed out elsewhere); it would not take us back
		if (reason !== 'io server disconnect') return;
		void stillSignedIn().then((ok) => (ok ? s.connect() : toLogin()));
	});
	socket = s;
	return s;
}

export function joinRoom(room: RoomName, timeoutMs = 10_000): Promise<Reply<Snapshot>> {
	return new Promise((resolve) => {
		getSocket()
			.timeout(timeoutMs)
			.emit('join', room, (err: Error | null, reply: Reply<Snapshot>) => {
				resolve(err ? fail('unavailable', 'the server did not answer the join in time') : reply);
			});
	});
}
