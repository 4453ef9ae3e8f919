// What is in the cache: entry counts (FT.INFO when the search module has the index, SCAN
// otherwise), and from a sample of entries their memory, remaining TTL and age.
import { PATTERNS, SEMANTIC_INDEX_NAMES } from '../../shared/contract/keys.ts';
import { parseTimestamp } from '../../shared/time.ts';
import type { CacheContents, CacheKindContents } from '../../shared/protocol/state/cache.ts';
import type { RedisClient } from '../redis/client.ts';

export const SAMPLE_SIZE = 200;
export const EXACT_MATCH = PATTERNS.exact;
export const VECTOR_MATCH = PATTERNS.vector;

const H = 3_600_000;
export const DURATION_BUCKETS: { label: string; max: number }[] = [
	{ label: '< 1 h', max: H },
	{ label: '1–6 h', max: 6 * H },
	{ label: '6–24 h', max: 24 * H },
	{ label: '1–7 d', max: 7 * 24 * H },
	{ label: '7–30 d', max: 30 * 24 * H },
	{ label: '> 30 d', max: Infinity }
];

export function durationBucket(ms: number): number {
	return DURATION_BUCKETS.findIndex((b) => ms < b.max);
}

/** Counts keys matching `match` with SCAN and keeps the first SAMPLE_SIZE of them. */
export async function scanCount(
	client: RedisClient,
	match: string
): Promise<{ count: number; sample: string[] }> {
	let count = 0;
	const sample: string[] = [];
	for await (const batch of client.scanIterator({ MATCH: match, COUNT: 1000 })) {
		count += batch.length;
		for (const k of batch) if (sample.length < SAMPLE_SIZE) sample.push(k);
	}
	return { count, sample };
}

/** num_docs of the semantic index, or null when the search module or the index is absent. */
export async function semanticIndexCount(
	client: RedisClient
): Promise<{ name: string; count: number } | null> {
	for (const name of SEMANTIC_INDEX_NAMES) {
		try {
			const reply = (await client.sendCommand(['FT.INFO', name])) as unknown[];
			const i = reply.findIndex((v) => String(v) === 'num_docs');
			if (i >= 0) return { name, count: Number(reply[i + 1]) || 0 };
		} catch (err) {
			// "unknown command" (no module, e.g. Debian's Redis 7.0): no index can exist
			if (/unknown command/i.test((err as Error).message)) return null;
		}
	}
	return null;
}

function parseCreated(v: string | null | undefined): number | null {
	if (!v) return null;
	const n = /^\d+(\.\d+)?$/.test(v) ? Number(v) * (Number(v) < 1e12 ? 1000 : 1) : parseTimestamp(v);
	return Number.isFinite(n) ? n : null;
}

async function describeSample(
	client: RedisClient,
	keys: string[],
	count: number,
	now: number
): Promise<Omit<CacheKindContents, 'source'>> {
	// every command issued in this tick: one pipeline; per-command errors (WRONGTYPE on a
	// string entry's HGET) only cost that field
	const reads = keys.map((k) =>
		Promise.allSettled([
			client.pTTL(k),
			client.memoryUsage(k),
			client.hGet(k, 'created_at'),
			client.hGet(k, 'model')
		])
	);
	const ttl = new Array(DURATION_BUCKETS.length).fill(0) as number[];
	const age = new Array(DURATION_BUCKETS.length).fill(0) as number[];
	let noExpiry = 0;
	let ageUnknown = 0;
	let memSum = 0;
	let memN = 0;
	const models = new Map<string, number>();
	for (const [pttl, mem, created, model] of await Promise.all(reads)) {
		if (pttl.status === 'fulfilled') {
			if (pttl.value === -1) noExpiry++;
			else if (pttl.value >= 0) ttl[durationBucket(pttl.value)]!++;
		}
		if (mem.status === 'fulfilled' && typeof mem.value === 'number') {
			memSum += mem.value;
			memN++;
		}
		const c = created.status === 'fulfilled' ? parseCreated(created.value) : null;
		if (c === null) ageUnknown++;
		else age[durationBucket(Math.max(0, now - c))]!++;
		const m = model.status === 'fulfilled' && model.value ? model.value : null;
		if (m) models.set(m, (models.get(m) ?? 0) + 1);
	}
	return {
		count,
		sampled: keys.length,
		memoryBytesEstimate: memN > 0 ? Math.round((memSum / memN) * count) : null,
		ttl,
		noExpiry,
		age,
		ageUnknown,
		sampleModels: [...models.entries()]
			.map(([model, n]) => ({ model, count: n }))
			.sort((a, b) => b.count - a.count)
	};
}

/** `nodes`: where expired_keys is counted (every master of a cluster: INFO is per node). */
export async function sampleCacheContents(
	client: RedisClient,
	now: number,
	nodes: RedisClient[]
): Promise<Omit<CacheContents, 'expiredPerS'> & { expiredKeys: number }> {
	const [exactScan, vectorScan, index, infos] = await Promise.all([
		scanCount(client, EXACT_MATCH),
		scanCount(client, VECTOR_MATCH),
		// a cluster's search index is per shard: one node's num_docs would undercount, so count keys
		nodes.length > 1 ? null : semanticIndexCount(client),
		Promise.all(nodes.map((n) => n.info('stats')))
	]);
	const expiredKeys = infos.reduce(
		(t, info) => t + Number(/expired_keys:(\d+)/.exec(info)?.[1] ?? 0),
		0
	);
	return {
		at: now,
		exact: {
			...(await describeSample(client, exactScan.sample, exactScan.count, now)),
			source: `SCAN ${EXACT_MATCH}`
		},
		semantic: {
			...(await describeSample(
				client,
				vectorScan.sample,
				index ? index.count : vectorScan.count,
				now
			)),
			source: index
				? `FT.INFO ${index.name} (num_docs)`
				: nodes.length > 1
					? `SCAN ${VECTOR_MATCH} on every master`
					: `SCAN ${VECTOR_MATCH} (no search index or module)`
		},
		buckets: DURATION_BUCKETS.map((b) => b.label),
		expiredKeys
	};
}
