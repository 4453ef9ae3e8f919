// Several dashboard nodes behind a load balancer: the Socket.IO Redis Streams adapter carries
// the broadcasts that must reach every browser whichever node it is connected to (alert
// toasts from the lease holder, budget crossings announced by the first node to see them),
// and stores what connection-state recovery needs (the session, the broadcasts missed while
// a browser was away) in Redis, so a browser that reconnects to another node still gets them.
// Metric deltas never go through it: every node computes them from Redis for its own sockets
// (io.local), so a delta is not sent N times with N different sequence numbers.
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createCluster } from 'redis';
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import type { Logger } from '../platform/logging/log.ts';
import { closeClients, makeClient, type RedisClient } from '../redis/client.ts';
import { clusterOptions } from '../redis/cluster-nodes.ts';

/** Stream, session keys and channels all under the dashboard's own prefix (the keyspace subscriber ignores it). */
export const ADAPTER_STREAM = `${DASHBOARD_PREFIX}socket.io`;
export const ADAPTER_SESSION_PREFIX = `${DASHBOARD_PREFIX}sio:session:`;
const CHANNEL_PREFIX = `${DASHBOARD_PREFIX}sio`;

/** How long a disconnected browser's session (and what it missed) is kept for recovery. */
export const RECOVERY_WINDOW_MS = 2 * 60_000;

export interface StreamsAdapter {
	factory: ReturnType<typeof createAdapter>;
	close(): Promise<void>;
}

type AnyClient = RedisClient | ReturnType<typeof createCluster>;

export function createStreamsAdapter(
	redisUrl: string,
	cluster: boolean,
	log: Logger
): StreamsAdapter {
	// Publishing fails at once while Redis is away (the adapter then still delivers to this
	// node's own sockets instead of waiting for the publish); the copies the adapter makes for
	// its blocking XREAD loop and its subscription do queue, so that loop waits for Redis
	// instead of spinning on instant errors.
	const pub: AnyClient = cluster
		? createCluster(clusterOptions(redisUrl, 'helix-dashboard-adapter', true))
		: makeClient(redisUrl, 'helix-dashboard-adapter');
	const copy = (): AnyClient =>
		cluster
			? createCluster(clusterOptions(redisUrl, 'helix-dashboard-adapter-read', false))
			: (pub as RedisClient).duplicate({
					name: 'helix-dashboard-adapter-read',
					disableOfflineQueue: false
				});
	const copies: AnyClient[] = [];
	let lastError = '';
	const onError = (err: Error) => {
		if (err.message !== lastError)
			log.warn({ err: err.message }, 'socket adapter redis connection error');
		lastError = err.message;
	};
	pub.on('error', onError);
	pub.connect().catch(onError);
	const client = new Proxy(pub, {
		get(target, prop) {
			if (prop === 'duplicate')
				return () => {
					const c = copy();
					c.on('error', onError);
					// the adapter's read loop ends by calling disconnect(), which throws (an unhandled
					// rejection) when close() below got there first
					const disconnect = c.disconnect.bind(c);
					c.disconnect = () => (c.isOpen ? disconnect() : Promise.resolve());
					copies.push(c);
					return c;
				};
			const v: unknown = Reflect.get(target, prop, target);
			return typeof v === 'function' ? v.bind(target) : v;
		}
	});
	const factory = createAdapter(client, {
		streamName: ADAPTER_STREAM,
		sessionKeyPrefix: ADAPTER_SESSION_PREFIX,
		channelPrefix: CHANNEL_PREFIX,
		onlyPlaintext: true, // every event is JSON
		// a cluster routes sharded channels to one shard instead of copying them to every node
		useShardedPubSub: cluster
	});
	return {
		factory,
		async close() {
			// the read loop may have disconnected its copy already
			await closeClients([pub, ...copies]);
		}
	};
}
