// Cache management: count, then delete, only cache entries (helix:exact:*, helix:vector:*),
// in SCAN + UNLINK batches with progress. The published Python dashboard's "clear cache"
// deleted every helix:* key — spend and incidents included; this one cannot: every key is
// checked against the cache prefixes right before UNLINK.
import { randomUUID } from 'node:crypto';
import type { FlushStatus } from '../../shared/protocol/state/cache.ts';
import { CACHE_PREFIXES } from '../../shared/contract/keys.ts';
import type { CacheFlushRequest } from '../../shared/protocol/cache.ts';
import type { RedisClient } from '../redis/client.ts';
import { EXACT_MATCH, VECTOR_MATCH } from './contents.ts';

export type FlushRequest = Pick<CacheFlushRequest, 'target' | 'model'>;

export const isCacheKey = (k: string) => CACHE_PREFIXES.some((p) => k.startsWith(p));
const BATCH = 500;

function patterns(req: FlushRequest): string[] {
	return req.target === 'exact'
		? [EXACT_MATCH]
		: req.target === 'semantic'
			? [VECTOR_MATCH]
			: [EXACT_MATCH, VECTOR_MATCH];
}

/** The model of each key: a hash field, or the "model" of a plain JSON string entry. */
async function modelsOf(client: RedisClient, keys: string[]): Promise<(string | null)[]> {
	const fromHash = await Promise.allSettled(keys.map((k) => client.hGet(k, 'model')));
	const strings = keys.filter((_, i) => fromHash[i]!.status === 'rejected');
	const bodies = await Promise.allSettled(strings.map((k) => client.get(k)));
	const fromString = new Map<string, string | null>();
	strings.forEach((k, i) => {
		const b = bodies[i]!;
		let model: string | null = null;
		if (b.status === 'fulfilled' && b.value) {
			try {
				const o = JSON.parse(b.value) as { model?: unknown };
				model = typeof o?.model === 'string' ? o.model : null;
			} catch {
				model = null;
			}
		}
		fromString.set(k, model);
	});
	return keys.map((k, i) => {
		const h = fromHash[i]!;
		return h.status === 'fulfilled' ? (h.value ?? null) : (fromString.get(k) ?? null);
	});
}

async function* matching(
	client: RedisClient,
	req: FlushRequest
): AsyncGenerator<{ scanned: number; keys: string[] }> {
	for (const match of patterns(req)) {
		for await (const batch of client.scanIterator({ MATCH: match, COUNT: BATCH })) {
			let keys = batch.filter(isCacheKey);
			if (req.target === 'model') {
				const models = await modelsOf(client, keys);
				keys = keys.filter((_, i) => models[i] === req.model);
			}
			yield { scanned: batch.length, keys };
		}
	}
}

/** Dry run: how many keys a flush would delete. */
export async function countFlush(client: RedisClient, req: FlushRequest): Promise<number> {
	let n = 0;
	for await (const { keys } of matching(client, req)) n += keys.length;
	return n;
}

export async function runFlush(
	client: RedisClient,
	req: FlushRequest,
	now: () => number,
	onProgress: (s: FlushStatus) => void
): Promise<FlushStatus> {
	const status: FlushStatus = {
		id: randomUUID(),
		target: req.target,
		model: req.model ?? null,
		scanned: 0,
		deleted: 0,
		done: false,
		error: null,
		startedAt: now(),
		finishedAt: null
	};
	onProgress({ ...status });
	try {
		for await (const { scanned, keys } of matching(client, req)) {
			status.scanned += scanned;
			const safe = keys.filter(isCacheKey); // defence in depth: never anything but cache entries
			if (safe.length) status.deleted += await client.unlink(safe);
			onProgress({ ...status });
		}
	} catch (err) {
		status.error = (err as Error).message;
	}
	status.done = true;
	status.finishedAt = now();
	onProgress({ ...status });
	return status;
}
