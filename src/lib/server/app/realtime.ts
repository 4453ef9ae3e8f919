// The composition root: wiring only. Builds the Redis link, the data path (keyspace doorbell
// → collector → store → rooms → Socket.IO), the product areas' services, and one lifecycle
// list of what is re-read on connect, at each reconcile and on a cross-node change.
// Attached once to an http.Server, by server/ in production and by the Vite plugin in dev.
import type { Server as HttpServer } from 'node:http';
import { systemClock, type Clock } from '../../shared/time.ts';
import type { Channel } from '../alerts/channels/channel.ts';
import { REVOKED_CHANNEL } from '../auth/keys.ts';
import { AuthService } from '../auth/service.ts';
import type { Config } from '../platform/config.ts';
import { createLogging, type Logging } from '../platform/logging/log.ts';
import { Metrics } from '../system/prometheus.ts';
import { Timers } from '../platform/timers.ts';
import { TIP_CHANNEL } from '../history/keys.ts';
import { openLink } from '../redis/open.ts';
import { SYNC_CHANNEL, SyncBus } from '../redis/sync-bus.ts';
import { ADMINS_ROOM } from '../socket/guard.ts';
import { createSocketServer } from '../socket/server.ts';
import { startDataPath } from './data-path.ts';
import { healthReader } from './health.ts';
import { Lifecycle } from './lifecycle.ts';
import type { Realtime } from './services.ts';
import { buildRealtime } from './facade.ts';
import { startFeatures } from './features.ts';
import { startSchedule } from './schedule.ts';
import { startSockets } from './sockets.ts';

export type { Realtime };

export interface RealtimeOptions {
	clock?: Clock;
	logging?: Logging;
	/** extra notification channels (tests) */
	alertChannels?: Channel[];
}

export function attachRealtime(
	httpServer: HttpServer,
	config: Config,
	opts: RealtimeOptions = {}
): Realtime {
	const clock = opts.clock ?? systemClock;
	const logging = opts.logging ?? createLogging(config);
	const child = (module: string) => logging.log.child({ module });
	const log = child('realtime');
	const life = new Lifecycle(log);
	const timers = new Timers(log);

	const { io, adapter } = createSocketServer(httpServer, config, child('socket-adapter'));
	const link = openLink(config, child('redis'));
	const up = () => link.connected;
	const auth = new AuthService({
		config: config.auth,
		host: config.host,
		client: link.command,
		isConnected: up,
		clock,
		log: child('auth')
	});
	const { store, collector, keyspace } = startDataPath({
		config,
		link,
		clock,
		log,
		metrics: () => metrics,
		onChange: () => features.onStoreChange(),
		channels: {
			[REVOKED_CHANNEL]: (m) => auth.onRevokedMessage(m),
			[SYNC_CHANNEL]: (m) => sync.onMessage(m),
			// the history writer committed (on any node): refresh the live tips served here
			[TIP_CHANNEL]: (m) => features.history?.live.onTip(m)
		}
	});
	const health = healthReader({
		link,
		auth,
		keyspace,
		store,
		collector,
		// signed-in sockets only: an anonymous handshake that was refused is no browser
		clients: () => io.of('/').sockets.size,
		clock,
		config
	});
	const metrics = new Metrics({ store, health });
	const features = startFeatures({
		config,
		clock,
		logging,
		link,
		io,
		adapter,
		store,
		auth,
		health,
		metrics,
		life,
		collector,
		alertChannels: opts.alertChannels
	});
	const sync = new SyncBus(
		() => link.command,
		life.reloadables,
		(err) =>
			log.warn(
				{ err: err.message },
				'cross-node change message failed; the next reconcile catches up'
			)
	);
	const sockets = startSockets({ io, auth, features, store, clock, config, health, metrics, log });

	// what is re-read on connect and at each reconcile, in this order
	life.reloadable({ name: 'auth', reload: () => auth.load() });
	life.reloadable({ name: 'notifications', reload: () => keyspace.check() });
	// accounts are re-read by auth above; a change made on any node tells this node's admins
	life.reloadable({
		name: 'accounts',
		sync: 'accounts',
		reload: async () => {},
		onSync: async () => void io.local.to(ADMINS_ROOM).emit('admin', { kind: 'accounts' })
	});
	features.registerReloadables();

	const firstReady = startSchedule({
		config,
		link,
		keyspace,
		life,
		collector,
		features,
		beat: sockets.beat,
		metrics,
		timers,
		log
	});
	link.start();

	// closed in reverse: timers first, then sockets, samplers, the data path, Redis, the log file
	life.onClose('log file', () => logging.file?.end());
	life.onClose('redis', () => link.close());
	life.onClose('socket adapter', () => adapter?.close());
	life.onClose('collector', () => collector.close());
	features.registerClosers();
	life.onClose('sockets', async () => {
		io.disconnectSockets(true);
		await new Promise<void>((r) => io.close(() => r()));
	});
	life.onClose('socket guard', sockets.close);
	life.onClose('timers', () => timers.close());

	// the services by name, registered for the routes (facade.ts)
	const parts = { io, collector, store, metrics, logging, config, link, auth, sync, health };
	return buildRealtime({ ...parts, features, ready: firstReady, close: () => life.close() });
}
