// Several dashboard nodes share their state through Redis and re-read it at every
// reconcile; this channel makes an operator's change (walls, settings, budgets, rules)
// reach every node at once instead. A message only names what changed: each node re-reads
// it from Redis, the one source of truth, so a lost message costs at most one reconcile.
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import type { RedisClient } from './client.ts';

export const SYNC_CHANNEL = `${DASHBOARD_PREFIX}changed`;
export const SYNC_KINDS = ['noc', 'security', 'cost', 'alerts', 'accounts', 'slo'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

/** Something another node can change: re-read on its kind's message. */
export interface Syncable {
	sync?: SyncKind;
	reload(): Promise<unknown>;
	/** what a message of its kind does instead of a re-read (an event to browsers, say) */
	onSync?: () => Promise<unknown>;
}

export class SyncBus {
	constructor(
		private readonly publisher: () => RedisClient,
		private readonly items: readonly Syncable[],
		private readonly onError: (err: Error) => void
	) {}

	/** After a change here: tell every node (this one included) to re-read it. */
	changed(kind: SyncKind): void {
		this.publisher()
			.publish(SYNC_CHANNEL, kind)
			.catch((err: Error) => this.onError(err));
	}

	/** A message from any node. */
	onMessage(message: string): void {
		const kind = SYNC_KINDS.find((k) => k === message);
		if (!kind) return;
		for (const item of this.items)
			if (item.sync === kind) item.reload().catch((err: Error) => this.onError(err));
	}
}
