// The history feature as the rest of the server sees it: the writer (lease holder only),
// the reader behind /api/history, the live tips, and the annotations (docs/history.md).
import type { Principal } from '../../shared/auth.ts';
import type { HistoryAnswer, HistoryQuery } from '../../shared/protocol/history.ts';
import type { Clock } from '../../shared/time.ts';
import type { AuditLog } from '../auth/audit.ts';
import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { Store } from '../pipeline/store.ts';
import type { Link } from '../redis/link.ts';
import type { Lease } from '../redis/lease.ts';
import type { HelixServer } from '../socket/types.ts';
import { Annotations } from './annotations.ts';
import { TIP_CHANNEL } from './keys.ts';
import { HistoryLive } from './live.ts';
import { HistoryReader } from './reader.ts';
import { systemSource } from './sources.ts';
import { makeTiers, type Tier } from './tiers.ts';
import { HistoryWriter } from './writer.ts';

export interface HistoryDeps {
	config: Pick<Config, 'timezone' | 'maxDataPoints' | 'historyRetention'>;
	link: Link;
	lease: Lease;
	store: Store;
	io: HelixServer;
	audit: AuditLog;
	clock: Clock;
	log: Logger;
}

export class HistoryService {
	readonly tiers: Tier[];
	readonly writer: HistoryWriter;
	readonly reader: HistoryReader;
	readonly live: HistoryLive;
	readonly annotations: Annotations;
	readonly #system;

	constructor(private readonly deps: HistoryDeps) {
		const { config, link, lease, store, clock, log } = deps;
		const up = () => link.connected;
		this.tiers = makeTiers(config.historyRetention);
		this.#system = systemSource(() => link.nodes(), up);
		this.writer = new HistoryWriter({
			client: link.command,
			isConnected: up,
			lease,
			store,
			tiers: this.tiers,
			zone: config.timezone,
			clock,
			log,
			system: this.#system
		});
		this.reader = new HistoryReader({
			client: link.command,
			tiers: this.tiers,
			zone: config.timezone,
			maxPoints: config.maxDataPoints
		});
		this.live = new HistoryLive(deps.io, this.reader, clock, log);
		this.annotations = new Annotations(() => link.command, up);
	}

	/** the pub/sub channel every node listens on (the composition root subscribes it) */
	readonly tipChannel = TIP_CHANNEL;

	start(): void {
		this.writer.start();
	}

	close(): void {
		this.writer.stop();
		this.#system.close();
	}

	/**
	 * A team-limited account reads only its own teams' series; everyone else anything. The
	 * refusal is a sentence for the 403.
	 */
	refusal(q: Pick<HistoryQuery, 'team'>, p: Principal | null): string | null {
		if (!p?.teams) return null;
		if (q.team && p.teams.includes(q.team)) return null;
		return `${p.user} is limited to teams ${p.teams.join(', ')}: ask for one of them with team=`;
	}

	/** the injected clock's now (figures over a range ending now) */
	now(): number {
		return this.deps.clock.now();
	}

	query(q: HistoryQuery): Promise<HistoryAnswer> {
		return this.reader.query(q, this.deps.clock.now());
	}
}
