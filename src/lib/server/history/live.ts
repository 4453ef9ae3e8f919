// The live tip of a history chart: a browser showing a range that ends at "now" watches its
// query (metric, series, tier, step); when the writer commits (TIP_CHANNEL), every node
// recomputes the steps of each watched query from the earliest time the commit changed (the
// newest step or two in steady state; more after a catch-up, at most MAX_TIP_STEPS) and pushes
// them to the sockets in that query's room — the changed points, never a refetch of the range.
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
/** steps one tip carries at most (a chart shows at most MAX_DATA_POINTS anyway) */
export const MAX_TIP_STEPS = 1_000;

export const watchId = (w: Watch) =>
	`history:${w.metric}:${w.tier}:${w.step}:${w.model ? `m=${w.model}` : w.team ? `t=${w.team}` : '*'}`;

export class HistoryLive {
	readonly #watches = new Map<string, Watch>();
	#busy = false;
	/** the earliest change not yet pushed, while a refresh runs */
	#pending: number | null = null;

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

	/** The writer committed (message: {"from": ms}); refresh the watched queries from there. */
	onTip(message?: string): void {
		let from = this.clock.now();
		try {
			const m = JSON.parse(message ?? '{}') as { from?: unknown };
			if (typeof m.from === 'number' && Number.isFinite(m.from)) from = m.from;
		} catch {
			// not ours or malformed: the newest steps only
		}
		if (this.#busy) {
			this.#pending = Math.min(this.#pending ?? from, from);
			return;
		}
		this.#busy = true;
		void this.#refresh(from).finally(() => {
			this.#busy = false;
			const next = this.#pending;
			this.#pending = null;
			if (next !== null) this.onTip(JSON.stringify({ from: next }));
		});
	}

	async #refresh(changedFrom: number): Promise<void> {
		this.#prune();
		const now = this.clock.now();
		await Promise.all(
			[...this.#watches].map(async ([id, w]) => {
				try {
					const from = Math.max(changedFrom, now - MAX_TIP_STEPS * w.step);
					const points: HistoryPoint[] = await this.reader.tip(w, from, now);
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
