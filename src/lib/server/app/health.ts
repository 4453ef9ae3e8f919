// /api/health and every heartbeat: what this node knows about Redis, notifications, the
// gateway and its own pipeline. "ok" only when Redis answers and notifications drive updates.
import type { Health } from '../../shared/protocol/health.ts';
import type { Clock } from '../../shared/time.ts';
import { RESTORE, type AuthService } from '../auth/service.ts';
import type { Collector } from '../pipeline/collector.ts';
import type { Store } from '../pipeline/store.ts';
import type { Config } from '../platform/config.ts';
import type { KeyspaceWatch } from '../redis/keyspace.ts';
import type { Link } from '../redis/link.ts';

export interface HealthDeps {
	link: Link;
	auth: Pick<AuthService, 'required' | 'accountsLost'>;
	keyspace: KeyspaceWatch;
	store: Store;
	collector: Collector;
	clients: () => number;
	clock: Clock;
	config: Pick<Config, 'socketAdapter'>;
}

export function healthReader(deps: HealthDeps): () => Health {
	const startedAt = deps.clock.now();
	return () => {
		const { link, keyspace, collector, clock } = deps;
		const connected = link.connected;
		const mode = connected ? keyspace.mode : 'off';
		const problems = [
			connected
				? ''
				: link.hung
					? (link.lastError ?? 'Redis is not answering')
					: `Redis is not connected (${link.lastError ?? 'connecting'})`,
			connected && mode !== 'on' ? `keyspace notifications are ${mode}` : '',
			deps.auth.accountsLost
				? `the account store is empty although this dashboard had accounts: ${RESTORE}`
				: ''
		].filter(Boolean);
		return {
			status: problems.length ? 'degraded' : 'ok',
			problems,
			auth: { required: deps.auth.required, accountsLost: deps.auth.accountsLost },
			redis: {
				connected,
				notAnswering: link.hung,
				notifications: mode,
				detail: connected ? keyspace.detail : (link.lastError ?? 'connecting'),
				reconnects: link.reconnects,
				mode: link.mode,
				nodes: link.nodes().length,
				evictionRisk: keyspace.evictionRisk
			},
			socketAdapter: deps.config.socketAdapter,
			gateway: { lastWriteAt: deps.store.lastWriteAt },
			pipeline: {
				flushes: collector.stats.flushes,
				reconciles: collector.stats.reconciles,
				reconcileCorrections: collector.stats.reconcileCorrections,
				lastReconcileAt: collector.stats.lastReconcileAt,
				pending: collector.pending
			},
			clients: deps.clients(),
			uptimeS: Math.round((clock.now() - startedAt) / 1000),
			now: clock.now()
		};
	};
}
