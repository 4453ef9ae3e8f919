// The realtime module: Redis link + keyspace subscriber + collector + room publishers +
// Socket.IO. Attached once to an http.Server, by server/index.ts in production and by the
// Vite plugin in dev — one code path.
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { SUBSCRIBE_PATTERNS } from '../shared/contract.ts';
import {
	HEARTBEAT_MS,
	type ClientToServerEvents,
	type InterServerEvents,
	type ServerToClientEvents,
	type SocketData
} from '../shared/events.ts';
import { systemClock, type Clock } from '../shared/time.ts';
import type { Reply } from '../shared/events.ts';
import type { Delta, Health, NotificationsMode, RoomName, SecuritySettings, Snapshot } from '../shared/types.ts';
import { Collector } from './collector.ts';
import { redisDb, type Config } from './config.ts';
import { createLogging, type Logging } from './log.ts';
import { Metrics } from './metrics.ts';
import { ensureNotifications } from './notifications.ts';
import { RoomPublisher } from './publisher.ts';
import { RedisLink, type Link, type RedisClient } from './redis.ts';
import { ClusterLink } from './redis-cluster.ts';
import { DEFAULT_SETTINGS, describeError, loadSettings, saveSettings, settingsSchema } from './security/settings.ts';
import { registerRealtime, unregisterRealtime } from './registry.ts';
import { CacheSampler } from './cache/sampler.ts';
import { CostService } from './cost/service.ts';
import { AlertMetrics } from './alerts/metrics.ts';
import { AlertService } from './alerts/service.ts';
import type { Channel } from './alerts/channels/channel.ts';
import { DEFAULT_NOC, loadNoc, NOC_KEY, nocSchema } from './noc.ts';
import type { NocConfig } from '../shared/noc.ts';
import { backfillHourOfWeek } from './heatmap-backfill.ts';
import { usersSocketHandler } from './socket-handlers/users.ts';
import { cacheSocketHandler, type CacheControl } from './socket-handlers/cache.ts';
import { roomsSocketHandler } from './socket-handlers/rooms.ts';
import { Store } from './store.ts';
import { dropSlowConsumers } from './slow-consumers.ts';
import { createStreamsAdapter, RECOVERY_WINDOW_MS } from './socket-adapter.ts';
import { SYNC_CHANNEL, SyncBus } from './sync-bus.ts';
import { AuthService } from './auth/service.ts';
import { REVOKED_CHANNEL } from './auth/accounts.ts';
import { TEAM_ROOMS } from './auth/policy.ts';
import { guardSockets, sameOrigin, TEAM_LIMITED_ROOM } from './auth/socket-guard.ts';
import type { Principal } from '../shared/auth.ts';
import { UsersTopic } from './topics/users.ts';
import type { Topic } from './topics/topic.ts';
import { SystemSampler } from './system/sampler.ts';
import { createTopics } from './topics/index.ts';

/** Rooms whose derivation walks every user: at most 4 derivations a second. */
const HEAVY_ROOMS = new Set<RoomName>(['cost', 'users']);

export type HelixServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type HelixSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface RealtimeOptions {
	clock?: Clock;
	logging?: Logging;
	/** extra notification channels (tests) */
	alertChannels?: Channel[];
}

export interface Realtime {
	readonly io: HelixServer;
	readonly collector: Collector;
	readonly store: Store;
	readonly metrics: Metrics;
	readonly sampler: SystemSampler;
	readonly logging: Logging;
	/** the configuration this instance runs with (routes read it here, not from the environment) */
	readonly config: Config;
	/** the command connection, for route handlers that write the dashboard's own keys */
	readonly redis: RedisClient;
	readonly cost: CostService;
	/** null with ENABLE_ALERTS=false */
	readonly alerts: AlertService | null;
	readonly auth: AuthService;
	/** tells the other dashboard nodes what an operator changed here */
	readonly sync: SyncBus;
	readonly noc: {
		config(): NocConfig;
		update(input: unknown): Promise<Reply<NocConfig>>;
	};
	readonly security: {
		settings(): SecuritySettings;
		/** validates, saves to Redis, republishes; a clear message on bad input */
		update(input: unknown): Promise<Reply<SecuritySettings>>;
	};
	health(): Health;
	snapshot<R extends RoomName>(room: R): Snapshot<R> | undefined;
	/** the room as this caller may see it (team-limited accounts: their teams only; undefined: not theirs) */
	snapshotFor<R extends RoomName>(room: R, principal: Principal | null): Snapshot<R> | undefined;
	/** resolves once the first reconcile after connecting has run (tests, demo) */
	ready(): Promise<void>;
	close(): Promise<void>;
}

export function attachRealtime(httpServer: HttpServer, config: Config, opts: RealtimeOptions = {}): Realtime {
	const clock = opts.clock ?? systemClock;
	const logging = opts.logging ?? createLogging(config);
	const log = logging.log.child({ module: 'realtime' });
	const startedAt = clock.now();
	const io: HelixServer = new Server(httpServer, {
		serveClient: false,
		cors: { origin: false },
		// CORS does not cover WebSockets: refuse a cross-site page's connection outright
		allowRequest: (req, cb) => cb(null, sameOrigin(req)),
		// client events are small requests; the default 1 MB is room to hurt
		maxHttpBufferSize: 64 * 1024,
		// only with the Redis Streams adapter: it keeps what a browser missed in Redis, so the
		// browser can come back to any node; the in-memory adapter would buffer every delta
		...(config.socketAdapter === 'redis-streams' ? { connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false } } : {})
	});
	const adapter = config.socketAdapter === 'redis-streams' ? createStreamsAdapter(config.redisUrl, config.redisCluster, logging.log.child({ module: 'socket-adapter' })) : null;
	if (adapter) io.adapter(adapter.factory);
	const link: Link = config.redisCluster
		? new ClusterLink(config.redisUrl, logging.log.child({ module: 'redis' }))
		: new RedisLink(config.redisUrl, logging.log.child({ module: 'redis' }));
	const auth = new AuthService({
		config: config.auth,
		host: config.host,
		client: link.command,
		isConnected: () => link.connected,
		clock,
		log: logging.log.child({ module: 'auth' })
	});
	const store = new Store();
	let notifications: NotificationsMode = 'off';
	let notificationsDetail: string | null = null;
	let subscribed = false;
	let securitySettings: SecuritySettings = DEFAULT_SETTINGS;
	let nocConfig: NocConfig = DEFAULT_NOC;
	let resolveReady!: () => void;
	const firstReady = new Promise<void>((r) => (resolveReady = r));

	function health(): Health {
		const connected = link.connected;
		const mode: NotificationsMode = connected ? notifications : 'off';
		return {
			status: connected && mode === 'on' ? 'ok' : 'degraded',
			redis: {
				connected,
				notifications: mode,
				detail: connected ? notificationsDetail : (link.lastError ?? 'connecting'),
				reconnects: link.reconnects,
				mode: link.mode,
				nodes: link.nodes().length
			},
			socketAdapter: config.socketAdapter,
			gateway: { lastWriteAt: store.lastWriteAt },
			pipeline: {
				flushes: collector.stats.flushes,
				reconciles: collector.stats.reconciles,
				reconcileCorrections: collector.stats.reconcileCorrections,
				lastReconcileAt: collector.stats.lastReconcileAt
			},
			clients: io.engine.clientsCount,
			uptimeS: Math.round((clock.now() - startedAt) / 1000),
			now: clock.now()
		};
	}

	const metrics = new Metrics({ store, health });
	const publishers = new Map<RoomName, RoomPublisher>();
	const collector = new Collector({
		client: link.command,
		store,
		clock,
		flushIntervalMs: config.flushIntervalMs,
		log,
		isConnected: () => link.connected,
		onFlushed: (s) => metrics.flushDuration.observe(s),
		onCorrection: () => metrics.reconcileCorrections.inc(),
		onChange: () => {
			const now = clock.now();
			for (const p of publishers.values()) p.refresh(store, now);
			for (const p of scoped.values()) p.refresh(store, now);
			void cost.checkBudgets();
		}
	});

	const sampler = new SystemSampler({
		nodes: () => link.nodes(),
		isConnected: () => link.connected,
		browsers: () => io.engine.clientsCount,
		clock,
		intervalMs: config.systemSampleMs,
		log: logging.log.child({ module: 'system' }),
		onSample: () => publishers.get('system')?.refresh(store, clock.now())
	});
	const cacheSampler = new CacheSampler(
		link.command,
		() => link.connected,
		clock,
		config.cacheSampleMs,
		logging.log.child({ module: 'cache' }),
		() => publishers.get('cache')?.refresh(store, clock.now()),
		() => link.nodes()
	);
	const cacheCtl: CacheControl = {
		client: link.command,
		isConnected: () => link.connected,
		now: () => clock.now(),
		log: logging.log.child({ module: 'cache' }),
		status: null,
		onProgress: () => publishers.get('cache')?.refresh(store, clock.now())
	};
	const cost = new CostService({
		client: link.command,
		isConnected: () => link.connected,
		store,
		clock,
		timezoneOffset: config.timezoneOffset,
		log: logging.log.child({ module: 'cost' }),
		onChange: () => {
			const now = clock.now();
			publishers.get('cost')?.refresh(store, now);
			publishers.get('users')?.refresh(store, now);
		},
		// announced by the one node that records the crossing first; the adapter (if any) takes it to every node
		onBudgetEvent: (e) => io.except(TEAM_LIMITED_ROOM).emit('budget', e)
	});
	const alertMetrics = new AlertMetrics(store, health, sampler, cost, clock, config.timezoneOffset);
	const alerts = config.enableAlerts
		? new AlertService({
				client: link.command,
				isConnected: () => link.connected,
				clock,
				log: logging.log.child({ module: 'alerts' }),
				channels: config.alerts,
				sample: (m) => alertMetrics.sample(m),
				// every node evaluates; with the adapter only the lease holder's toast goes out (to
				// every node), without it each node shows its own to its own browsers
				broadcast: (n) => {
					if (!adapter) io.local.except(TEAM_LIMITED_ROOM).emit('alert', n);
					else if (alerts?.lease.isLeader) io.except(TEAM_LIMITED_ROOM).emit('alert', n);
				},
				beforeEvaluate: () => alertMetrics.tick(),
				extraChannels: opts.alertChannels
			})
		: null;
	let alertsStarted = false;
	const topicDeps = {
		sampler,
		tail: logging.tail,
		health,
		securitySettings: () => securitySettings,
		cacheSampler,
		flushStatus: () => cacheCtl.status,
		cost,
		channels: () => (alerts ? alerts.channelNames.map((name) => ({ name, last: alerts.deliveries.find((d) => d.channel === name) ?? null })) : [])
	};
	for (const topic of createTopics(config, topicDeps)) {
		const emit = (delta: Delta) => {
			metrics.deltasEmitted.inc({ room: delta.room });
			io.local.to(delta.room).emit('delta', delta);
		};
		publishers.set(
			topic.room,
			new RoomPublisher(topic, emit, config.maxDataPoints, store, () => clock.now(), {
				isWatched: () => (io.of('/').adapter.rooms.get(topic.room)?.size ?? 0) > 0,
				minIntervalMs: HEAVY_ROOMS.has(topic.room) ? 250 : 0
			})
		);
	}

	/** Per team set, a filtered copy of a team-scoped room, created on first join, dropped when empty. */
	const scoped = new Map<string, RoomPublisher>();
	const roomSize = (name: string) => io.of('/').adapter.rooms.get(name)?.size ?? 0;
	function publisherFor(room: RoomName, p: Principal): { pub: RoomPublisher; channel: string } | { error: string } {
		if (!p.teams) {
			const pub = publishers.get(room);
			return pub ? { pub, channel: room } : { error: `unknown room "${room}"` };
		}
		if (!TEAM_ROOMS.has(room)) return { error: `forbidden: ${p.user} is limited to teams ${p.teams.join(', ')} and the ${room} room spans every team` };
		const teams = [...p.teams].sort();
		const channel = `${room}@${teams.join(',')}`;
		let pub: RoomPublisher | undefined = scoped.get(channel);
		if (!pub) {
			const topic: Topic = new UsersTopic({ timezoneOffset: config.timezoneOffset, groups: cost.groups, changes: () => [], teams: new Set(teams) });
			const emit = (delta: Delta) => {
				metrics.deltasEmitted.inc({ room: delta.room });
				io.local.to(channel).emit('delta', delta);
			};
			pub = new RoomPublisher(topic, emit, config.maxDataPoints, store, () => clock.now(), { isWatched: () => roomSize(channel) > 0, minIntervalMs: 250 });
			scoped.set(channel, pub);
		}
		return { pub, channel };
	}

	// host and cache sampling run only while someone watches their room
	const watched: Partial<Record<RoomName, (on: boolean) => void>> = {
		system: (on) => sampler.setWatched(on),
		cache: (on) => cacheSampler.timer.setWatched(on),
		users: (on) => on && void backfillHeatmap()
	};
	io.of('/').adapter.on('join-room', (room: string) => watched[room as RoomName]?.(true));
	io.of('/').adapter.on('leave-room', (room: string) => {
		if (io.of('/').adapter.rooms.get(room)?.size) return;
		watched[room as RoomName]?.(false);
		scoped.get(room)?.close();
		scoped.delete(room);
	});

	const prefix = `__keyspace@${redisDb(config.redisUrl)}__:`;
	const onNotification = (_event: string, channel: string) => {
		store.noteWrite(clock.now());
		collector.markDirty(channel.slice(prefix.length));
	};

	async function subscribe(): Promise<void> {
		if (subscribed) return; // node-redis re-subscribes by itself after a reconnect
		await link.subscribeKeyspace(
			SUBSCRIBE_PATTERNS.map((p) => prefix + p),
			onNotification
		);
		await link.subscribe(REVOKED_CHANNEL, (m) => auth.onRevokedMessage(m));
		await link.subscribe(SYNC_CHANNEL, (m) => sync.onMessage(m));
		subscribed = true;
	}

	/** Settings live in Redis (shared by every node); re-read on connect and every reconcile. */
	async function loadSecurity(): Promise<void> {
		const { settings, problem } = await loadSettings(link.command);
		if (problem) log.warn({ problem }, 'security settings');
		if (JSON.stringify(settings) !== JSON.stringify(securitySettings)) {
			securitySettings = settings;
			publishers.get('security')?.refresh(store, clock.now());
		}
	}

	async function reloadNoc(): Promise<void> {
		const next = await loadNoc(link.command);
		if (JSON.stringify(next) !== JSON.stringify(nocConfig)) {
			nocConfig = next;
			io.local.emit('noc', nocConfig);
		}
	}

	async function updateNoc(input: unknown): Promise<Reply<NocConfig>> {
		const r = nocSchema.safeParse(input);
		if (!r.success) return { ok: false, msg: r.error.issues.map((i) => i.message).join('; ') };
		if (!link.connected) return { ok: false, msg: 'Redis is not connected; nothing was changed' };
		await link.command.set(NOC_KEY, JSON.stringify(r.data));
		nocConfig = r.data;
		io.local.emit('noc', nocConfig); // the other nodes re-read it when the sync bus tells them
		return { ok: true, data: nocConfig };
	}

	async function updateSecurity(input: unknown): Promise<Reply<SecuritySettings>> {
		const parsed = settingsSchema.safeParse(input);
		if (!parsed.success) return { ok: false, msg: describeError(parsed.error) };
		if (!link.connected) return { ok: false, msg: 'Redis is not connected; settings were not saved' };
		await saveSettings(link.command, parsed.data);
		securitySettings = parsed.data;
		log.info({ settings: parsed.data }, 'security settings changed');
		publishers.get('security')?.refresh(store, clock.now());
		return { ok: true, data: parsed.data };
	}

	let backfilled = false;
	/** The heatmap counts helix:events read since start; the first viewer triggers counting the older entries once. */
	async function backfillHeatmap(): Promise<void> {
		if (backfilled || !link.connected || store.eventsReadFrom === null) return;
		backfilled = true;
		try {
			const n = await backfillHourOfWeek(link.command, store);
			if (n) publishers.get('users')?.refresh(store, clock.now());
		} catch (err) {
			backfilled = false;
			log.warn({ err: (err as Error).message }, 'heatmap back-fill failed');
		}
	}

	const sync = new SyncBus(
		() => link.command,
		{ noc: reloadNoc, security: loadSecurity, cost: () => cost.load(), alerts: async () => alerts?.load() },
		(err) => log.warn({ err: err.message }, 'cross-node change message failed; the next reconcile catches up')
	);

	/** Accounts may appear (npm run user -- add) while the server runs open: then open sockets go. */
	async function loadAuth(): Promise<void> {
		const wasRequired = auth.required;
		await auth.load();
		if (auth.required && !wasRequired) {
			log.info({ accounts: auth.userCount }, 'accounts exist now: sign-in required; disconnecting sessions opened without it');
			for (const s of io.of('/').sockets.values()) if (s.data.principal?.kind === 'open') s.disconnect(true);
		}
	}

	async function checkNotifications(): Promise<void> {
		const before = notifications;
		const check = await ensureNotifications(link.nodes());
		notifications = check.mode;
		notificationsDetail = check.detail;
		if (check.mode !== before || check.detail) log.info({ mode: check.mode, detail: check.detail }, 'keyspace notifications');
	}

	link.on('ready', () => {
		if (link.reconnects > 0) metrics.redisReconnects.inc();
		void (async () => {
			try {
				await loadAuth();
				await checkNotifications();
				await subscribe();
				await loadSecurity();
				await cost.load();
				await reloadNoc();
				if (alerts) {
					await alerts.load();
					if (!alertsStarted) alerts.start();
					alertsStarted = true;
				}
				await collector.reconcile(false);
				await collector.reconcileEntities();
			} catch (err) {
				log.warn({ err: (err as Error).message }, 'resync after connect failed; the next reconcile retries');
			} finally {
				resolveReady();
				broadcastHeartbeat();
			}
		})();
	});
	link.on('down', () => {
		log.warn('redis connection lost; serving last known values, reconnecting');
		broadcastHeartbeat();
		publishers.get('system')?.refresh(store, clock.now());
	});

	// Periodic reconcile: catches lost notifications and notice-flags switched off behind our back.
	const reconcileTimer = setInterval(() => {
		if (!link.connected) return;
		void (async () => {
			try {
				await loadAuth();
				await checkNotifications();
				await loadSecurity();
				await cost.load();
				await reloadNoc();
				await alerts?.load();
				await collector.reconcile();
			} catch (err) {
				log.warn({ err: (err as Error).message }, 'reconcile failed');
			}
		})();
	}, config.reconcileMs);

	const entityTimer = setInterval(() => {
		if (!link.connected) return;
		collector.reconcileEntities().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'entity reconcile failed'));
	}, config.entityReconcileMs);

	const trendTimer = setInterval(() => {
		const now = clock.now();
		for (const p of publishers.values()) p.tick(store, now);
		for (const p of scoped.values()) p.tick(store, now);
	}, config.trendIntervalMs);

	function broadcastHeartbeat(): void {
		io.local.emit('heartbeat', health()); // this node's own health
		dropSlowConsumers(io, (id, packets, bytes) => {
			metrics.slowConsumersDropped.inc();
			log.warn({ socket: id, packets, bytes }, 'socket not reading: disconnected (it resyncs when it reconnects)');
		});
	}
	const heartbeatTimer = setInterval(broadcastHeartbeat, HEARTBEAT_MS);

	const unguard = guardSockets(io, auth, 15_000);
	io.on('connection', (socket) => {
		socket.data.joinedAt = clock.now();
		roomsSocketHandler(socket, publisherFor);
		cacheSocketHandler(socket, cacheCtl, auth);
		usersSocketHandler(socket, store, clock, config.timezoneOffset);
		socket.emit('heartbeat', health());
		socket.emit('noc', nocConfig);
	});

	link.start();

	const realtime: Realtime = {
		io,
		collector,
		store,
		metrics,
		sampler,
		logging,
		config,
		redis: link.command,
		security: { settings: () => securitySettings, update: updateSecurity },
		auth,
		sync,
		cost,
		noc: { config: () => nocConfig, update: updateNoc },
		alerts,
		health,
		snapshot: <R extends RoomName>(room: R) => publishers.get(room)?.snapshot() as Snapshot<R> | undefined,
		snapshotFor<R extends RoomName>(room: R, principal: Principal | null) {
			if (!principal) return undefined;
			const r = publisherFor(room, principal);
			if ('error' in r) return undefined;
			const snap = r.pub.snapshot() as Snapshot<R>;
			// a scoped copy nobody has joined yet is dropped again (the join makes its own)
			if (r.channel !== room && roomSize(r.channel) === 0) {
				r.pub.close();
				scoped.delete(r.channel);
			}
			return snap;
		},
		ready: () => firstReady,
		async close() {
			clearInterval(reconcileTimer);
			clearInterval(trendTimer);
			clearInterval(entityTimer);
			clearInterval(heartbeatTimer);
			unguard();
			for (const p of scoped.values()) p.close();
			collector.close();
			for (const p of publishers.values()) p.close();
			cost.close();
			await alerts?.stop();
			sampler.close();
			cacheSampler.timer.setWatched(false);
			io.disconnectSockets(true);
			await new Promise<void>((r) => io.close(() => r()));
			await adapter?.close();
			await link.close();
			logging.file?.end();
			unregisterRealtime(realtime);
		}
	};
	registerRealtime(realtime);
	return realtime;
}
