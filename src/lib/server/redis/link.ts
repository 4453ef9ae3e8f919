// Two connections: one for commands, one subscribed to keyspace notifications (a RESP2
// connection in subscribe mode cannot run other commands). Both reconnect forever with
// capped backoff; the dashboard keeps serving while Redis is away and says so.
import { EventEmitter } from 'node:events';
import { createClient } from 'redis';
import type { Logger } from '../platform/logging/log.ts';

export type RedisClient = ReturnType<typeof createClient>;

/** 100 ms, 200 ms, … capped at 2 s: Redis coming back is noticed within ~2 s. */
export const backoff = (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 2_000);

export function makeClient(url: string, name: string): RedisClient {
	return createClient({
		url,
		name,
		// Fail commands at once while disconnected instead of queueing them: a queued flush
		// would replay stale work on reconnect; the reconcile on 'ready' re-reads everything.
		disableOfflineQueue: true,
		socket: { reconnectStrategy: backoff, connectTimeout: 3_000 }
	});
}

/**
 * Closes every client, open or not, never throwing: destroying one that is already closed
 * throws, and one failure must not leave the others open.
 */
export async function closeClients(
	clients: { isOpen: boolean; close(): Promise<unknown>; destroy(): void }[]
): Promise<void> {
	await Promise.allSettled(clients.map(async (c) => (c.isOpen ? c.close() : c.destroy())));
}

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
	readonly connected: boolean;
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
	readonly command: RedisClient;
	readonly subscriber: RedisClient;
	connected = false;
	reconnects = 0;
	lastError: string | null = null;
	#everReady = false;

	constructor(url: string, log: Logger) {
		super();
		this.command = makeClient(url, 'helix-dashboard');
		this.subscriber = makeClient(url, 'helix-dashboard-sub');
		for (const [role, client] of [
			['command', this.command],
			['subscriber', this.subscriber]
		] as const) {
			// An unhandled 'error' event would crash the process; log it once per message.
			client.on('error', (err: Error) => {
				const msg = err.message || String(err);
				if (msg !== this.lastError) log.warn({ role, err: msg }, 'redis connection error');
				this.lastError = msg;
			});
		}
		this.command.on('ready', () => {
			if (this.#everReady) this.reconnects++;
			this.#everReady = true;
			this.connected = true;
			this.lastError = null;
			log.info({ reconnects: this.reconnects }, 'redis ready');
			this.emit('ready');
		});
		this.command.on('end', () => this.#down());
		this.command.on('reconnecting', () => this.#down());
	}

	#down(): void {
		if (!this.connected) return;
		this.connected = false;
		this.emit('down');
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
		for (const c of [this.command, this.subscriber]) {
			c.connect().catch((err: unknown) => {
				this.lastError = (err as Error)?.message ?? String(err);
			});
		}
	}

	async close(): Promise<void> {
		await closeClients([this.command, this.subscriber]);
		this.connected = false;
	}
}
