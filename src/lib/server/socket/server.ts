// The Socket.IO server on the product's one HTTP server: same-origin only, small client
// events, and — with the Redis Streams adapter — connection-state recovery across nodes.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logging/log.ts';
import { createStreamsAdapter, RECOVERY_WINDOW_MS, type StreamsAdapter } from './adapter.ts';
import { SECURITY_HEADERS } from '../http/headers.ts';
import { allowedHosts, hostAllowed } from '../http/hosts.ts';
import { isLoopback } from '../auth/protected-mode.ts';
import { AddressBudget, HANDSHAKES } from './budget.ts';
import { sameOrigin } from './guard.ts';
import type { HelixServer } from './types.ts';

/** Client events are small requests; the default 1 MB is room to hurt. */
export const MAX_CLIENT_EVENT_BYTES = 64 * 1024;

export function createSocketServer(
	httpServer: HttpServer,
	config: Config,
	log: Logger
): { io: HelixServer; adapter: StreamsAdapter | null } {
	const streams = config.socketAdapter === 'redis-streams';
	const hosts = allowedHosts(config);
	const handshakes = new AddressBudget(HANDSHAKES);
	// loopback is exempt: a reverse proxy in front sends every browser from its one address
	const budgetOk = (address: string) => isLoopback(address) || handshakes.take(address);
	const io: HelixServer = new Server(httpServer, {
		serveClient: false,
		cors: { origin: false },
		// CORS does not cover WebSockets: refuse a cross-site page's connection outright, a
		// Host this server does not answer for (DNS rebinding), and an address flooding handshakes
		allowRequest: (req, cb) =>
			cb(
				null,
				hostAllowed(req.headers.host, hosts) &&
					sameOrigin(req) &&
					budgetOk(req.socket.remoteAddress ?? '?')
			),
		maxHttpBufferSize: MAX_CLIENT_EVENT_BYTES,
		// only with the Redis Streams adapter: it keeps what a browser missed in Redis, so the
		// browser can come back to any node; the in-memory adapter would buffer every delta
		...(streams
			? {
					connectionStateRecovery: {
						maxDisconnectionDuration: RECOVERY_WINDOW_MS,
						skipMiddlewares: false
					}
				}
			: {})
	});
	// engine.io answers /socket.io/ itself, before Express: the same headers as every answer
	const secure = (headers: Record<string, string>) => Object.assign(headers, SECURITY_HEADERS);
	io.engine.on('initial_headers', secure);
	io.engine.on('headers', secure);
	const adapter = streams ? createStreamsAdapter(config.redisUrl, config.redisCluster, log) : null;
	if (adapter) io.adapter(adapter.factory);
	return { io, adapter };
}

/** Members of a Socket.IO room on this node. */
export const roomSize = (io: HelixServer, name: string): number =>
	io.of('/').adapter.rooms.get(name)?.size ?? 0;
