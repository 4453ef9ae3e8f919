// Redis's own figures: INFO, a timed PING, SLOWLOG LEN and the notification flags.
import type { RedisStats } from '../../shared/protocol/state/system.ts';
import type { RedisClient } from '../redis/client.ts';

export function parseInfo(text: string): Map<string, string> {
	const m = new Map<string, string>();
	for (const line of text.split(/\r?\n/)) {
		if (!line || line.startsWith('#')) continue;
		const i = line.indexOf(':');
		if (i > 0) m.set(line.slice(0, i), line.slice(i + 1));
	}
	return m;
}

/** One Redis, or a cluster's masters added up (memory, clients, ops, hits: sums; round trip: the slowest). */
export async function readRedisStats(nodes: RedisClient[], now: number): Promise<RedisStats> {
	if (!nodes.length) throw new Error('no Redis node is connected');
	const each = await Promise.all(nodes.map((n) => readNodeStats(n, now)));
	if (each.length === 1) return each[0]!;
	const sum = (k: keyof RedisStats) => each.reduce((t, s) => t + (s[k] as number), 0);
	const flags = new Set(each.map((s) => s.notifyFlags));
	return {
		at: now,
		version: each[0]!.version,
		role: `cluster of ${each.length} masters`,
		uptimeS: Math.min(...each.map((s) => s.uptimeS)),
		connectedClients: sum('connectedClients'),
		usedMemoryBytes: sum('usedMemoryBytes'),
		maxMemoryBytes: sum('maxMemoryBytes'),
		opsPerS: sum('opsPerS'),
		keyspaceHits: sum('keyspaceHits'),
		keyspaceMisses: sum('keyspaceMisses'),
		evictedKeys: sum('evictedKeys'),
		expiredKeys: sum('expiredKeys'),
		rttMs: Math.max(...each.map((s) => s.rttMs)),
		slowlogLen: sum('slowlogLen'),
		// masters that disagree show every variant, so a master without the flags stands out
		notifyFlags: [...flags].join(' / ')
	};
}

async function readNodeStats(client: RedisClient, now: number): Promise<RedisStats> {
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
