// Several dashboard nodes share their state through Redis and re-read it at every
// reconcile; this channel makes an operator's change (walls, settings, budgets, rules)
// reach every node at once instead. A message only names what changed: each node re-reads
// it from Redis, the one source of truth, so a lost message costs at most one reconcile.
import { DASHBOARD_PREFIX } from '../shared/contract.ts';
import type { RedisClient } from './redis.ts';

export const SYNC_CHANNEL = `${DASHBOARD_PREFIX}changed`;
export const SYNC_KINDS = ['noc', 'security', 'cost', 'alerts'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

export class SyncBus {
	constructor(
		private readonly publisher: () => RedisClient,
		private readonly reload: Record<SyncKind, () => Promise<unknown>>,
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
		if (kind) this.reload[kind]().catch((err: Error) => this.onError(err));
	}
}
