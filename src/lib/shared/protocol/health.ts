// Health: what /api/health answers and every heartbeat carries.

export type NotificationsMode = 'on' | 'off' | 'reconcile-only';

export interface Health {
	status: 'ok' | 'degraded';
	redis: {
		/** open and answering */
		connected: boolean;
		/** the connection is open but Redis stopped answering PING (not connected either) */
		notAnswering: boolean;
		notifications: NotificationsMode;
		/** why notifications are not 'on', or the last connection error */
		detail: string | null;
		reconnects: number;
		/** one Redis, or a Redis Cluster (REDIS_CLUSTER=true) */
		mode: 'standalone' | 'cluster';
		/** servers the dashboard watches: 1, or the cluster's masters */
		nodes: number;
		/** the eviction policy can drop the dashboard's own keys (null: it cannot, or unknown) */
		evictionRisk: string | null;
	};
	auth: {
		/** sign-in is required on this server */
		required: boolean;
		/** the account store is empty although this dashboard had accounts: nobody can sign in */
		accountsLost: boolean;
	};
	/** why status is "degraded", in words (empty when ok) */
	problems: string[];
	/** how broadcasts reach browsers on other dashboard nodes (SOCKET_ADAPTER) */
	socketAdapter: 'local' | 'redis-streams';
	gateway: { lastWriteAt: number | null };
	pipeline: {
		flushes: number;
		reconciles: number;
		/** values changed by a reconcile: each one is a lost notification */
		reconcileCorrections: number;
		lastReconcileAt: number | null;
		/** keys known changed and not yet applied (a running flush's included): at start-up every per-user key until the first
		 * load is done (200,000 users: the Users room counts every user ~6 s before the last
		 * user's requests are read); under load, the next flush's backlog */
		pending: number;
	};
	clients: number;
	uptimeS: number;
	now: number;
}
