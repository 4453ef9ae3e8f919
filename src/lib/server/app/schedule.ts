// When things happen: on every Redis connect (subscribe, re-read everything, reconcile),
// on a lost connection, and on the five timers (reconcile, entity re-scan, trend tick,
// heartbeat, the user aggregates ahead of midnight). The composition root hands over what
// it built; this file owns no state.
import { HEARTBEAT_MS } from '../../shared/protocol/events.ts';
import type { Collector } from '../pipeline/collector.ts';
import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { Metrics } from '../system/prometheus.ts';
import type { Timers } from '../platform/timers.ts';
import type { KeyspaceWatch } from '../redis/keyspace.ts';
import type { Link } from '../redis/link.ts';
import type { Features } from './features.ts';
import type { Lifecycle } from './lifecycle.ts';

/** how often, near midnight, a step of the next day's user aggregates runs */
const AHEAD_STEP_MS = 50;

export interface ScheduleDeps {
	config: Config;
	link: Link;
	keyspace: KeyspaceWatch;
	life: Lifecycle;
	collector: Collector;
	features: Features;
	beat: () => void;
	metrics: Metrics;
	timers: Timers;
	log: Logger;
}

/** Starts the schedule; resolves once the first reconcile after connecting has run. */
export function startSchedule(d: ScheduleDeps): Promise<void> {
	const { link, life, collector, features, log } = d;
	const up = () => link.connected;
	let resolveReady!: () => void;
	const firstReady = new Promise<void>((r) => (resolveReady = r));
	// trend points are gaps from a lost connection until the resync after it has read Redis
	// again: a rate across the outage would spread its queued writes over one tick (a spike)
	let resynced = false;
	link.on('ready', () => {
		if (link.reconnects > 0) d.metrics.redisReconnects.inc();
		void (async () => {
			try {
				await d.keyspace.subscribe();
				await life.reloadAll();
				features.lease.start();
				features.alerts?.start();
				features.cost.outbox?.start();
				features.reports?.start();
				features.history?.start();
				features.slo.start();
				await collector.reconcile(false);
				await collector.reconcileEntities();
				await features.afterResync();
			} catch (err) {
				log.warn(
					{ err: (err as Error).message },
					'resync after connect failed; the next reconcile retries'
				);
			} finally {
				resynced = true;
				resolveReady();
				d.beat();
			}
		})();
	});
	link.on('down', () => {
		resynced = false;
		log.warn('redis connection lost; serving last known values, reconnecting');
		d.beat();
		features.rooms.refresh('system');
	});

	const { timers, config } = d;
	// the periodic reconcile catches lost notifications and flags switched off behind our back
	timers.every('reconcile', config.reconcileMs, async () => {
		if (!up()) return;
		await life.reloadAll();
		await collector.reconcile();
	});
	timers.every('entity reconcile', config.entityReconcileMs, () =>
		up() ? collector.reconcileEntities() : undefined
	);
	timers.every('trend tick', config.trendIntervalMs, () =>
		features.rooms.tick(link.connected && resynced)
	);
	timers.every('heartbeat', HEARTBEAT_MS, d.beat);
	// 4 ms of the next day's aggregates every 50 ms in the half hour before local midnight:
	// 200,000 users take ~1 s of work, so they are ready minutes before the roll
	timers.every('aggregates ahead', AHEAD_STEP_MS, () => features.rooms.ahead());
	return firstReady;
}
