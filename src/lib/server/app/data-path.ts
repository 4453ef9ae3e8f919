// The data path, wired in order: the keyspace doorbell marks a key dirty, the collector
// re-reads dirty keys in one pipeline into the store, and `onChange` tells the rooms.
import type { Clock } from '../../shared/time.ts';
import { Collector } from '../pipeline/collector.ts';
import { Store } from '../pipeline/store.ts';
import { redisDb, type Config } from '../platform/config.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { Metrics } from '../system/prometheus.ts';
import { KeyspaceWatch } from '../redis/keyspace.ts';
import type { Link } from '../redis/link.ts';

export interface DataPathDeps {
	config: Config;
	link: Link;
	clock: Clock;
	log: Logger;
	/** late-bound: the metrics are made after the health reader, which reads the collector */
	metrics: () => Metrics;
	/** the store changed after a flush */
	onChange: () => void;
	/** the dashboard's own pub/sub channels (revocations, cross-node changes) */
	channels: Record<string, (message: string) => void>;
}

export function startDataPath(d: DataPathDeps) {
	const { link, clock, log } = d;
	const store = new Store(d.config.timezone);
	const collector = new Collector({
		client: link.command,
		store,
		clock,
		flushIntervalMs: d.config.flushIntervalMs,
		log,
		isConnected: () => link.connected,
		onFlushed: (s) => d.metrics().flushDuration.observe(s),
		onCorrection: () => d.metrics().reconcileCorrections.inc(),
		onChange: d.onChange
	});
	const keyspace = new KeyspaceWatch({
		link,
		db: redisDb(d.config.redisUrl),
		log,
		onKey: (key) => {
			store.noteWrite(clock.now());
			collector.markDirty(key);
		},
		channels: d.channels
	});
	return { store, collector, keyspace };
}
