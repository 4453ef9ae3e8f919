// The Realtime object the routes, the production entry and the tests hold: each service by
// one name (services.ts declares the type), built from what the composition root wired.
import type { Health } from '../../shared/protocol/health.ts';
import type { AuthService } from '../auth/service.ts';
import { AccountAdmin } from '../auth/admin.ts';
import type { Collector } from '../pipeline/collector.ts';
import type { Store } from '../pipeline/store.ts';
import type { Config } from '../platform/config.ts';
import type { Logging } from '../platform/logging/log.ts';
import type { Link } from '../redis/link.ts';
import type { SyncBus } from '../redis/sync-bus.ts';
import type { HelixServer } from '../socket/types.ts';
import type { Metrics } from '../system/prometheus.ts';
import type { startFeatures } from './features.ts';
import { registerRealtime, unregisterRealtime } from './registry.ts';
import type { Realtime } from './services.ts';

export interface RealtimeParts {
	io: HelixServer;
	collector: Collector;
	store: Store;
	metrics: Metrics;
	logging: Logging;
	config: Config;
	link: Link;
	auth: AuthService;
	sync: SyncBus;
	health: () => Health;
	features: ReturnType<typeof startFeatures>;
	ready: Promise<void>;
	close: () => Promise<void>;
}

export function buildRealtime(p: RealtimeParts): Realtime {
	const { features, link, collector } = p;
	const realtime: Realtime = {
		io: p.io,
		collector,
		store: p.store,
		metrics: p.metrics,
		sampler: features.sampler,
		logging: p.logging,
		config: p.config,
		redis: link.command,
		auth: p.auth,
		accounts: new AccountAdmin(p.auth, () => p.sync.changed('accounts')),
		sync: p.sync,
		cost: features.cost,
		groups: features.groups,
		slo: features.slo,
		reports: features.reports,
		alerts: features.alerts,
		history: features.history,
		tail: features.tail,
		lease: features.lease,
		noc: { ...features.noc, config: () => features.noc.get() },
		provisioning: features.provisioning,
		routing: features.routing,
		security: { ...features.security, settings: () => features.security.get() },
		health: p.health,
		isReady: () => link.connected && collector.stats.reconciles > 0,
		snapshot: (room) => features.rooms.snapshot(room),
		snapshotFor: (room, principal) => features.rooms.snapshotFor(room, principal),
		ready: () => p.ready,
		async close() {
			await p.close();
			unregisterRealtime(realtime);
		}
	};
	registerRealtime(realtime);
	return realtime;
}
