// Two connections: one for commands, one subscribed to keyspace notifications (a RESP2
// connection in subscribe mode cannot run other commands). Both reconnect forever with
// capped backoff; the dashboard keeps serving while Redis is away and says so.
import { EventEmitter } from 'node:events';
import type { Logger } from '../platform/logging/log.ts';
import { closeClients, makeClient, type RedisClient } from './client.ts';
import { NOT_ANSWERING, withDeadlines } from './deadline.ts';
import { HUNG_MS, Watchdog } from './watchdog.ts';

export interface RedisLinkEvents {
	/** the command connection is (again) ready, or a cluster's masters changed: time to (re)check notifications and reconcile */
	ready: [];
	down: [];
}

export type KeyspaceListener = (message: string, channel: string) => void;

/** What the dashboard needs from Redis, one server or a cluster (redis-cluster.ts). */
export interface Link extends EventEmitter<RedisLinkEvents> {
	readonly mode: 'standalone' | 'cluster';
	/** routes every command by key; on a cluster, multi-key batches are split by slot */
	readonly command: RedisClient;
	/** open and answering PING */
	readonly connected: boolean;
	/** open, but Redis stopped answering (SIGSTOP, a stalled VM): counts as not connected */
	readonly hung: boolean;
	readonly reconnects: number;
	readonly lastError: string | null;
	/** each server that holds data (one, or every master), for node-local commands: CONFIG, INFO, SLOWLOG */
	nodes(): RedisClient[];
	/** keyspace notifications are node-local: on a cluster this subscribes on every master, present and future */
	subscribeKeyspace(patterns: string[], listener: KeyspaceListener): Promise<void>;
	/** ordinary pub/sub (a cluster carries it to every node) */
	subscribe(channel: string, listener: (message: string) => void): Promise<void>;
	start(): void;
	close(): Promise<void>;
}

export class RedisLink extends EventEmitter<RedisLinkEvents> implements Link {
	readonly mode = 'standalone';
	/** every command with a deadline (deadline.ts) */
	readonly command: RedisClient;
	readonly subscriber: RedisClient;
	reconnects = 0;
	lastError: string | null = null;
	#raw: RedisClient;
	#open = false;
	#everReady = false;
	readonly #watchdog: Watchdog;

	/** open and answering: a connection that is up but gets no reply to PING counts as down */
	get connected(): boolean {
		return this.#open && !this.#watchdog.hung;
	}

	/** open but not answering PING for HUNG_MS (watchdog.ts) */
	get hung(): boolean {
		return this.#open && this.#watchdog.hung;
	}

	constructor(url: string, log: Logger) {
		super();
		this.#raw = makeClient(url, 'helix-dashboard');
		this.#watchdog = new Watchdog(
			() => [this.#raw],
			() => this.#open,
			(hung) => this.#onHung(hung, log)
		);
		const deadlines = withDeadlines(this.#raw, () => this.#watchdog.hung);
		this.#failAll = deadlines.failAll;
		this.command = deadlines.client;
		this.subscriber = makeClient(url, 'helix-dashboard-sub');
		for (const [role, client] of [
			['command', this.#raw],
			['subscriber', this.subscriber]
		] as const) {
			// An unhandled 'error' event would crash the process; log it once per message.
			client.on('error', (err: Error) => {
				const msg = err.message || String(err);
				if (msg !== this.lastError) log.warn({ role, err: msg }, 'redis connection error');
				this.lastError = msg;
			});
		}
		this.#raw.on('ready', () => {
			if (this.#everReady) this.reconnects++;
			this.#everReady = true;
			this.#open = true;
			this.lastError = null;
			log.info({ reconnects: this.reconnects }, 'redis ready');
			this.emit('ready');
		});
		this.#raw.on('end', () => this.#down());
		this.#raw.on('reconnecting', () => this.#down());
	}

	readonly #failAll: () => void;

	#onHung(hung: boolean, log: Logger): void {
		if (hung) {
			this.lastError = `${NOT_ANSWERING}: no reply to PING for ${HUNG_MS / 1000} s`;
			log.error(
				{ afterMs: HUNG_MS },
				'redis not answering; serving last known values, failing requests fast'
			);
			this.#failAll();
			this.emit('down');
			return;
		}
		this.lastError = null;
		this.reconnects++;
		log.info('redis answers again');
		this.emit('ready'); // re-read everything: what changed meanwhile was not notified
	}

	#down(): void {
		if (!this.#open) return;
		const was = this.connected;
		this.#open = false;
		if (was) this.emit('down');
	}

	nodes(): RedisClient[] {
		return [this.command];
	}

	async subscribeKeyspace(patterns: string[], listener: KeyspaceListener): Promise<void> {
		await this.subscriber.pSubscribe(patterns, listener);
	}

	async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
		await this.subscriber.subscribe(channel, listener);
	}

	/** Starts connecting; never rejects (a failed first attempt keeps retrying in the background). */
	start(): void {
		this.#watchdog.start();
		for (const c of [this.#raw, this.subscriber]) {
			c.connect().catch((err: unknown) => {
				this.lastError = (err as Error)?.message ?? String(err);
			});
		}
	}

	async close(): Promise<void> {
		this.#watchdog.stop();
		// closed on purpose: the clients' "end" is no lost connection (nothing to warn about)
		this.#open = false;
		await closeClients([this.#raw, this.subscriber]);
	}
}
