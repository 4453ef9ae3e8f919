// Samples cache contents every CACHE_SAMPLE_MS while the Cache Performance room is watched.
import type { Clock } from '../../shared/time.ts';
import type { CacheContents } from '../../shared/protocol/state/cache.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { RedisClient } from '../redis/client.ts';
import { WatchedTimer } from '../platform/watched-timer.ts';
import { sampleCacheContents } from './contents.ts';

export class CacheSampler {
	contents: CacheContents | null = null;
	error: string | null = null;
	#prevExpired: { at: number; keys: number } | null = null;
	readonly timer: WatchedTimer;

	constructor(
		private readonly client: RedisClient,
		private readonly isConnected: () => boolean,
		private readonly clock: Clock,
		intervalMs: number,
		private readonly log: Logger,
		private readonly onSample: () => void,
		/** where expired_keys is counted: the one Redis, or every master of a cluster */
		private readonly nodes: () => RedisClient[]
	) {
		this.timer = new WatchedTimer(intervalMs, () => this.sample());
	}

	async sample(): Promise<void> {
		if (!this.isConnected()) {
			this.error = 'Redis is not connected';
			this.onSample();
			return;
		}
		const now = this.clock.now();
		try {
			const { expiredKeys, ...c } = await sampleCacheContents(this.client, now, this.nodes());
			const prev = this.#prevExpired;
			const expiredPerS =
				prev && now > prev.at && expiredKeys >= prev.keys
					? ((expiredKeys - prev.keys) * 1000) / (now - prev.at)
					: null;
			this.#prevExpired = { at: now, keys: expiredKeys };
			this.contents = { ...c, expiredPerS };
			this.error = null;
		} catch (err) {
			this.error = (err as Error).message;
			this.log.warn({ err: this.error }, 'cache contents sample failed');
		}
		this.onSample();
	}
}
