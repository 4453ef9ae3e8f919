// Redis's own figures: INFO, a timed PING, SLOWLOG LEN and the notification flags.
import type { RedisStats } from '../../shared/types.ts';
import type { RedisClient } from '../redis.ts';

export function parseInfo(text: string): Map<string, string> {
	const m = new Map<string, string>();
	for (const line of text.split(/\r?\n/)) {
		if (!line || line.startsWith('#')) continue;
		const i = line.indexOf(':');
		if (i > 0) m.set(line.slice(0, i), line.slice(i + 1));
	}
	return m;
}

export async function readRedisStats(client: RedisClient, now: number): Promise<RedisStats> {
	const t0 = performance.now();
	await client.ping();
	const rttMs = performance.now() - t0;
	const [info, slowlog, flags] = await Promise.all([
		client.info(),
		client.sendCommand(['SLOWLOG', 'LEN']) as Promise<number>,
		// CONFIG may be refused (managed Redis): then the flags are unknown, not an error
		(client.sendCommand(['CONFIG', 'GET', 'notify-keyspace-events']) as Promise<string[]>).then(
			(r) => String(r[1] ?? ''),
			() => '?'
		)
	]);
	const m = parseInfo(info);
	const n = (k: string) => Number(m.get(k) ?? 0) || 0;
	return {
		at: now,
		version: m.get('redis_version') ?? '?',
		role: m.get('role') ?? '?',
		uptimeS: n('uptime_in_seconds'),
		connectedClients: n('connected_clients'),
		usedMemoryBytes: n('used_memory'),
		maxMemoryBytes: n('maxmemory'),
		opsPerS: n('instantaneous_ops_per_sec'),
		keyspaceHits: n('keyspace_hits'),
		keyspaceMisses: n('keyspace_misses'),
		evictedKeys: n('evicted_keys'),
		expiredKeys: n('expired_keys'),
		rttMs,
		slowlogLen: Number(slowlog) || 0,
		notifyFlags: flags
	};
}
