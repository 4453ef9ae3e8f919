// The socket side of the composition: the guard (who may connect, which events they may
// send), one handler file per event group, what a new socket is sent first, and the
// heartbeat. Returns the heartbeat (the root also sends it on every Redis up or down) and
// what stops the guard.
import type { Health } from '../../shared/protocol/health.ts';
import type { Clock } from '../../shared/time.ts';
import type { AuthService } from '../auth/service.ts';
import type { Store } from '../pipeline/store.ts';
import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { Metrics } from '../system/prometheus.ts';
import { guardSockets } from '../socket/guard.ts';
import { cacheSocketHandler } from '../socket/handlers/cache.ts';
import { roomsSocketHandler } from '../socket/handlers/rooms.ts';
import { historySocketHandler } from '../socket/handlers/history.ts';
import { tailSocketHandler } from '../socket/handlers/tail.ts';
import { searchSocketHandler } from '../socket/handlers/search.ts';
import { usersSocketHandler } from '../socket/handlers/users.ts';
import { EntityIndex } from '../explore/search.ts';
import { heartbeat } from '../socket/heartbeat.ts';
import type { HelixServer } from '../socket/types.ts';
import type { Features } from './features.ts';

/** how often sockets of expired or revoked sessions are looked for */
const SESSION_SWEEP_MS = 15_000;

export interface SocketDeps {
	io: HelixServer;
	auth: AuthService;
	features: Features;
	store: Store;
	clock: Clock;
	config: Config;
	health: () => Health;
	metrics: Metrics;
	log: Logger;
}

export function startSockets(d: SocketDeps): { beat: () => void; close: () => void } {
	const { io, features } = d;
	const unguard = guardSockets(io, d.auth, SESSION_SWEEP_MS);
	const index = new EntityIndex(d.store);
	io.on('connection', (socket) => {
		socket.data.joinedAt = d.clock.now();
		roomsSocketHandler(socket, (room, principal) => features.rooms.serve(room, principal));
		cacheSocketHandler(socket, features.cache, d.auth);
		usersSocketHandler(socket, d.store, d.clock, d.config.timezone);
		searchSocketHandler(socket, index);
		historySocketHandler(socket, features.history);
		tailSocketHandler(socket, features.tail, () => d.health().redis.connected);
		socket.emit('heartbeat', d.health());
		socket.emit('noc', features.noc.get());
	});
	return {
		beat: heartbeat(io, d.health, d.log, () => d.metrics.slowConsumersDropped.inc()),
		close: unguard
	};
}
