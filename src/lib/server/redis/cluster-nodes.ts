// A cluster's nodes as the dashboard addresses them: the masters CLUSTER NODES lists, the
// client options every node connection shares (credentials, TLS, timeouts from the seed URL),
// and one node's URL.
import { backoff } from './client.ts';

/** The masters in CLUSTER NODES output, as host:port (failed and handshaking nodes left out). */
export function mastersOf(clusterNodes: string): string[] {
	const out: string[] = [];
	for (const line of clusterNodes.split('\n')) {
		const [, addr, flags] = line.trim().split(' ');
		if (!addr || !flags) continue;
		const f = flags.split(',');
		if (!f.includes('master') || f.some((x) => x === 'fail' || x === 'noaddr' || x === 'handshake'))
			continue;
		out.push(addr.split('@')[0]!);
	}
	return out.sort();
}

/** Cluster client options from the seed URL: its credentials and TLS apply to every node. */
export function clusterOptions(seed: string, name: string, disableOfflineQueue: boolean) {
	const u = new URL(seed);
	return {
		rootNodes: [{ url: seed }],
		defaults: {
			username: u.username ? decodeURIComponent(u.username) : undefined,
			password: u.password ? decodeURIComponent(u.password) : undefined,
			name,
			disableOfflineQueue,
			socket: {
				reconnectStrategy: backoff,
				connectTimeout: 3_000,
				...(u.protocol === 'rediss:' ? { tls: true as const } : {})
			}
		}
	};
}

/** The seed URL with another node's address (same credentials and TLS). */
export function nodeUrl(seed: string, address: string): string {
	const u = new URL(seed);
	const i = address.lastIndexOf(':');
	u.hostname = address.slice(0, i);
	u.port = address.slice(i + 1);
	u.pathname = '';
	return u.toString();
}
