// Redis Cluster (REDIS_CLUSTER=true, REDIS_URL names any one node). node-redis's cluster
// client routes commands by key and follows MOVED; what it does not do, this does:
//  - keyspace notifications are node-local: one subscriber per master, and the set of masters
//    is re-read (CLUSTER NODES) every TOPOLOGY_MS, so a master added, removed or promoted gets
//    (or loses) its subscriber; a change also counts as 'ready', so notification flags are set
//    on the new master and a reconcile re-reads what was missed meanwhile;
//  - multi-key batches cross slots: MULTI, MGET, DEL and UNLINK are split by slot;
//  - SCAN walks every master.
import { EventEmitter } from 'node:events';
import { createCluster } from 'redis';
import { refreshRouting, type Cluster } from '../../recorder/slot-batch.ts';
import { clusterFacade } from './cluster-client.ts';
import { NOT_ANSWERING, withDeadlines } from './deadline.ts';
import { HUNG_MS, Watchdog } from './watchdog.ts';
import { clusterOptions, mastersOf, nodeUrl } from './cluster-nodes.ts';
import type { Logger } from '../platform/logging/log.ts';
import { type KeyspaceListener, type Link, type RedisLinkEvents } from './link.ts';
import { backoff, closeClients, makeClient, type RedisClient } from './client.ts';

export const TOPOLOGY_MS = 2_000;

interface Master {
	address: string;
	command: RedisClient;
	subscriber: RedisClient;
	/** the poll that added it has stopped waiting for it: from now on its 'ready' is news */
	waited: boolean;
}

/** How long a poll waits for new masters to connect before it says ready without them. */
const CONNECT_WAIT_MS = 3_000;

export class ClusterLink extends EventEmitter<RedisLinkEvents> implements Link {
	readonly mode = 'cluster';
	readonly cluster: Cluster;
	readonly command: RedisClient;
	#open = false;
	readonly #watchdog: Watchdog;
	readonly #failAll: () => void;

	/** open and every master answering PING (watchdog.ts) */
	get connected(): boolean {
		return this.#open && !this.#watchdog.hung;
	}

	/** open but a master has not answered PING for HUNG_MS (watchdog.ts) */
	get hung(): boolean {
		return this.#open && this.#watchdog.hung;
	}
	reconnects = 0;
	lastError: string | null = null;
	#masters = new Map<string, Master>();
	#keyspace: { patterns: string[]; listener: KeyspaceListener } | null = null;
	#channels = new Map<string, (message: string) => void>();
	#timer: ReturnType<typeof setInterval> | null = null;
	#closed = false;
	#polling = false;
	#everReady = false;

	constructor(
		private readonly seed: string,
		private readonly log: Logger
	) {
		super();
		// as for one Redis: fail at once while a node is away, the reconcile catches up
		this.cluster = createCluster(clusterOptions(seed, 'helix-dashboard', true));
		this.cluster.on('error', (err: Error) => this.#error('cluster', err));
		this.cluster.on('node-error', (err: Error) => this.#error('cluster node', err));
		this.#watchdog = new Watchdog(
			() => [...this.#masters.values()].map((m) => m.command),
			() => this.#open,
			(hung) => this.#onHung(hung)
		);
		const deadlines = withDeadlines(
			clusterFacade(this.cluster, () => this.nodes()),
			() => this.#watchdog.hung
		);
		this.#failAll = deadlines.failAll;
		this.command = deadlines.client;
	}

	#error(role: string, err: Error): void {
		const msg = err.message || String(err);
		if (msg !== this.lastError) this.log.warn({ role, err: msg }, 'redis connection error');
		this.lastError = msg;
	}

	nodes(): RedisClient[] {
		return [...this.#masters.values()].map((m) => m.command);
	}

	async subscribeKeyspace(patterns: string[], listener: KeyspaceListener): Promise<void> {
		this.#keyspace = { patterns, listener };
		await Promise.all(
			[...this.#masters.values()].map((m) => m.subscriber.pSubscribe(patterns, listener))
		);
	}

	/**
	 * A cluster copies every PUBLISH to every node: subscribed on every master, a message still
	 * arrives when one master dies (once per master — the dashboard's messages are idempotent:
	 * "re-read this", "cut these sessions").
	 */
	async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
		this.#channels.set(channel, listener);
		await Promise.all(
			[...this.#masters.values()].map((m) => m.subscriber.subscribe(channel, listener))
		);
	}

	#onHung(hung: boolean): void {
		if (hung) {
			this.lastError = `${NOT_ANSWERING}: a master gave no reply to PING for ${HUNG_MS / 1000} s`;
			this.log.error(
				{ afterMs: HUNG_MS },
				'redis cluster not answering; serving last known values, failing requests fast'
			);
			this.#failAll();
			this.emit('down');
			return;
		}
		this.lastError = null;
		this.reconnects++;
		this.log.info('redis cluster answers again');
		this.emit('ready');
	}

	start(): void {
		this.#watchdog.start();
		void (async () => {
			for (let attempt = 0; !this.#closed; attempt++) {
				try {
					await this.cluster.connect();
					break;
				} catch (err) {
					this.#error('cluster', err as Error);
					await new Promise((r) => setTimeout(r, backoff(attempt)));
				}
			}
			if (this.#closed) return;
			await this.#poll();
			this.#timer = setInterval(() => void this.#poll(), TOPOLOGY_MS);
		})();
	}

	/** Re-reads the masters; connects, subscribes or drops per master; says ready or down. */
	async #poll(): Promise<void> {
		if (this.#polling || this.#closed) return; // a slow poll (connect timeouts) is not overlapped
		this.#polling = true;
		try {
			await this.#pollOnce();
		} finally {
			this.#polling = false;
		}
	}

	async #pollOnce(): Promise<void> {
		let addresses: string[];
		try {
			addresses = mastersOf(await this.#clusterNodes());
			if (!addresses.length) throw new Error('CLUSTER NODES lists no master');
		} catch (err) {
			this.#error('cluster', err as Error);
			if (this.#open) {
				this.#open = false;
				this.emit('down');
			}
			return;
		}
		const before = [...this.#masters.keys()].sort().join(' ');
		for (const [address, m] of this.#masters) {
			if (addresses.includes(address)) continue;
			this.log.info({ master: address }, 'redis cluster: master gone; dropping its subscriber');
			this.#masters.delete(address);
			void closeClients([m.command, m.subscriber]);
		}
		// a listed master that does not answer must not hold up the others (or the next poll)
		const added = addresses.filter((a) => !this.#masters.has(a)).map((a) => this.#addMaster(a));
		await Promise.race([
			Promise.all(added.map((a) => a.connected)),
			new Promise((r) => setTimeout(r, CONNECT_WAIT_MS))
		]);
		for (const a of added) a.master.waited = true;
		if (this.#closed) return;
		await this.#alignRouting(addresses);
		const changed = before !== '' && before !== addresses.join(' ');
		if (!this.#open) {
			if (this.#everReady) this.reconnects++;
			this.#everReady = true;
			this.#open = true;
			this.lastError = null;
			this.log.info({ masters: addresses, reconnects: this.reconnects }, 'redis cluster ready');
			this.emit('ready');
		} else if (changed) {
			this.log.info({ masters: addresses }, 'redis cluster: masters changed');
			this.emit('ready');
		}
	}

	#addMaster(address: string): { master: Master; connected: Promise<void> } {
		const url = nodeUrl(this.seed, address);
		const m: Master = {
			address,
			command: makeClient(url, 'helix-dashboard-node'),
			subscriber: makeClient(url, 'helix-dashboard-sub'),
			waited: false
		};
		for (const c of [m.command, m.subscriber])
			c.on('error', (err: Error) => this.#error(`node ${address}`, err));
		// A master that connects late, or reconnects (restarted too quickly for the cluster to
		// fail it over: its notification flags are gone, CONFIG SET is not persisted, and what
		// was written meanwhile was not notified): as after a reconnect to one Redis, say
		// 'ready' so the flags are checked again and a reconcile runs.
		let readyBefore = false;
		m.command.on('ready', () => {
			const again = readyBefore;
			readyBefore = true;
			if (!m.waited || !this.#open || this.#masters.get(address) !== m) return; // the poll announces it
			if (again) this.reconnects++;
			this.log.info(
				{ master: address },
				again ? 'redis cluster: master reconnected' : 'redis cluster: master connected'
			);
			this.emit('ready');
		});
		this.#masters.set(address, m);
		const connected = (async () => {
			try {
				// connect() resolves once the node answers (it retries with backoff meanwhile)
				await Promise.all([m.command.connect(), m.subscriber.connect()]);
				if (this.#keyspace)
					await m.subscriber.pSubscribe(this.#keyspace.patterns, this.#keyspace.listener);
				for (const [channel, listener] of this.#channels)
					await m.subscriber.subscribe(channel, listener);
				this.log.info({ master: address }, 'redis cluster: subscribed to a master');
			} catch (err) {
				this.#error(`node ${address}`, err as Error);
			}
		})();
		return { master: m, connected };
	}

	/**
	 * node-redis re-reads the slot map only when a node answers MOVED; a master that died (its
	 * replica promoted) never answers, so commands for its slots would fail until a restart.
	 * When its masters differ from the ones CLUSTER NODES lists, make it re-read the map.
	 */
	async #alignRouting(addresses: string[]): Promise<void> {
		const known = this.cluster.masters.map((m) => `${m.host}:${m.port}`).sort();
		if (known.join(' ') === addresses.join(' ')) return;
		// from a master our own topology knows answers (node-redis may know none that does)
		const live = [...this.#masters.values()].find((m) => m.command.isReady);
		if (!live) return;
		try {
			await refreshRouting(this.cluster, live.command);
			this.log.info({ masters: addresses }, 'redis cluster: slot map re-read');
		} catch (err) {
			this.#error('cluster', err as Error);
		}
	}

	/** From a master we hold a connection to, else from wherever the cluster client sends it. */
	async #clusterNodes(): Promise<string> {
		for (const m of this.#masters.values()) {
			if (!m.command.isReady) continue;
			try {
				return String(await m.command.sendCommand(['CLUSTER', 'NODES']));
			} catch {
				// try the next
			}
		}
		return String(await this.cluster.sendCommand(undefined, true, ['CLUSTER', 'NODES']));
	}

	async close(): Promise<void> {
		this.#closed = true;
		// closed on purpose: the clients' "end" is no lost connection (nothing to warn about)
		this.#open = false;
		this.#watchdog.stop();
		if (this.#timer) clearInterval(this.#timer);
		const clients = [...this.#masters.values()].flatMap((m) => [m.command, m.subscriber]);
		this.#masters.clear();
		await Promise.all([
			closeClients(clients),
			this.cluster.isOpen ? this.cluster.close().catch(() => {}) : Promise.resolve()
		]);
	}
}
