// The doorbell: keyspace notifications for the data contract's keys (node-local, so on every
// master of a cluster), the flags they need, and the dashboard's own pub/sub channels. A
// notification only names a key; the collector re-reads it.
import { SUBSCRIBE_PATTERNS } from '../../shared/contract/keys.ts';
import type { NotificationsMode } from '../../shared/protocol/health.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { Link } from './link.ts';
import { ensureNotifications, evictionRisk } from './notifications.ts';

export interface KeyspaceDeps {
	link: Link;
	/** the logical database in REDIS_URL: keyspace channels are per database */
	db: number;
	log: Logger;
	/** a key of the contract was written */
	onKey: (key: string) => void;
	/** the dashboard's own channels (revocations, cross-node changes) */
	channels: Record<string, (message: string) => void>;
}

export class KeyspaceWatch {
	mode: NotificationsMode = 'off';
	detail: string | null = null;
	/** the eviction policy can drop the dashboard's own keys: what to tell the operator */
	evictionRisk: string | null = null;
	#subscribed = false;
	readonly #prefix: string;

	constructor(private readonly deps: KeyspaceDeps) {
		this.#prefix = `__keyspace@${deps.db}__:`;
	}

	/** Once: node-redis re-subscribes by itself after a reconnect. */
	async subscribe(): Promise<void> {
		if (this.#subscribed) return;
		const { link, onKey } = this.deps;
		const n = this.#prefix.length;
		await link.subscribeKeyspace(
			SUBSCRIBE_PATTERNS.map((p) => this.#prefix + p),
			(_event, channel) => onKey(channel.slice(n))
		);
		for (const [channel, listener] of Object.entries(this.deps.channels))
			await link.subscribe(channel, listener);
		this.#subscribed = true;
	}

	/** Sets the flags where they are missing; on refusal the dashboard runs reconcile-only. */
	async check(): Promise<void> {
		const before = this.mode;
		const check = await ensureNotifications(this.deps.link.nodes());
		this.mode = check.mode;
		this.detail = check.detail;
		const risk = await evictionRisk(this.deps.link.nodes());
		if (risk && risk !== this.evictionRisk) this.deps.log.warn(risk);
		this.evictionRisk = risk;
		if (check.mode !== before || check.detail)
			this.deps.log.info({ mode: check.mode, detail: check.detail }, 'keyspace notifications');
	}
}
