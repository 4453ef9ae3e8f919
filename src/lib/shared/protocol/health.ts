// Health: what /api/health answers and every heartbeat carries.

export type NotificationsMode = 'on' | 'off' | 'reconcile-only';

export interface Health {
	status: 'ok' | 'degraded';
	redis: {
		connected: boolean;
		notifications: NotificationsMode;
		/** why notifications are not 'on', or the last connection error */
		detail: string | null;
		reconnects: number;
		/** one Redis, or a Redis Cluster (REDIS_CLUSTER=true) */
		mode: 'standalone' | 'cluster';
		/** servers the dashboard watches: 1, or the cluster's masters */
		nodes: number;
	};
	/** how broadcasts reach browsers on other dashboard nodes (SOCKET_ADAPTER) */
	socketAdapter: 'local' | 'redis-streams';
	gateway: { lastWriteAt: number | null };
	pipeline: {
		flushes: number;
		reconciles: number;
		/** values changed by a reconcile: each one is a lost notification */
		reconcileCorrections: number;
		lastReconcileAt: number | null;
	};
	clients: number;
	uptimeS: number;
	now: number;
}
