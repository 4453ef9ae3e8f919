// The live tip of a history chart: a browser showing a range that ends at "now" watches its
// query (metric, series, tier, step); when the writer commits (TIP_CHANNEL), every node
// recomputes the newest two steps of each watched query from Redis and pushes them to the
// sockets in that query's room — a point per bucket change, never a refetch of the range.
import type { HistoryMetric, HistoryPoint } from '../../shared/protocol/history.ts';
import type { Clock } from '../../shared/time.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { HelixServer } from '../socket/types.ts';
import type { HistoryReader } from './reader.ts';
import type { TierName } from './tiers.ts';

export interface Watch {
	metric: HistoryMetric;
	tier: TierName;
	step: number;
	model?: string;
	team?: string;
}

/** distinct watched queries one node serves (each costs a Redis read per commit) */
export const MAX_WATCHES = 200;

export const watchId = (w: Watch) =>
	`history:${w.metric}:${w.tier}:${w.step}:${w.model ? `m=${w.model}` : w.team ? `t=${w.team}` : '*'}`;

export class HistoryLive {
	readonly #watches = new Map<string, Watch>();
	#busy = false;
	#again = false;

	constructor(
		private readonly io: HelixServer,
		private readonly reader: HistoryReader,
		private readonly clock: Clock,
		private readonly log: Logger
	) {}

	/** The room a socket joins for this watch; null when this node serves too many already. */
	watch(w: Watch): string | null {
		const id = watchId(w);
		if (!this.#watches.has(id)) {
			this.#prune();
			if (this.#watches.size >= MAX_WATCHES) return null;
			this.#watches.set(id, w);
		}
		return id;
	}

	/** the writer committed: refresh every watched query that has sockets (one run at a time) */
	onTip(): void {
		if (this.#busy) {
			this.#again = true;
			return;
		}
		this.#busy = true;
		void this.#refresh().finally(() => {
			this.#busy = false;
			if (this.#again) {
				this.#again = false;
				this.onTip();
			}
		});
	}

	async #refresh(): Promise<void> {
		this.#prune();
		const now = this.clock.now();
		await Promise.all(
			[...this.#watches].map(async ([id, w]) => {
				try {
					const a = await this.reader.tip(w, now);
					const points: HistoryPoint[] = a;
					this.io.local.to(id).emit('history:tip', { id, points });
				} catch (err) {
					this.log.debug({ err: (err as Error).message, id }, 'history tip failed');
				}
			})
		);
	}

	/** watches nobody is in any more */
	#prune(): void {
		const rooms = this.io.of('/').adapter.rooms;
		for (const id of this.#watches.keys()) if (!rooms.get(id)?.size) this.#watches.delete(id);
	}
}
