// Samples the host, Redis and this process every SYSTEM_SAMPLE_MS — only while the
// System Health room has members, so an idle dashboard spends nothing on it.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Clock } from '../../shared/time.ts';
import type { HostSample, ProcessStats, RedisStats } from '../../shared/protocol/state/system.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { RedisClient } from '../redis/client.ts';
import { sampleHost } from './host.ts';
import { readRedisStats } from './redis-stats.ts';
import { WatchedTimer } from '../platform/watched-timer.ts';

export interface SamplerDeps {
	/** each server that holds data (one Redis, or every master of a cluster) */
	nodes: () => RedisClient[];
	isConnected: () => boolean;
	browsers: () => number;
	clock: Clock;
	intervalMs: number;
	log: Logger;
	/** after each sample: the room publishes */
	onSample: () => void;
}

export class SystemSampler {
	host: HostSample | null = null;
	hostError: string | null = null;
	redis: RedisStats | null = null;
	redisError: string | null = null;
	process: ProcessStats | null = null;
	/** bumped per sample, so the series takes each sample once */
	generation = 0;
	samples = 0;
	readonly #timer: WatchedTimer;
	#loop = monitorEventLoopDelay({ resolution: 10 });
	readonly #startedAt: number;

	constructor(private readonly deps: SamplerDeps) {
		this.#startedAt = deps.clock.now();
		this.#timer = new WatchedTimer(deps.intervalMs, () => this.#sample());
	}

	get active(): boolean {
		return this.#timer.active;
	}

	/** Called when the room gains or loses members. */
	setWatched(watched: boolean): void {
		if (watched) this.#loop.enable();
		this.#timer.setWatched(watched);
		if (!watched) this.#loop.disable();
	}

	async #sample(): Promise<void> {
		const { clock, nodes, log } = this.deps;
		const now = clock.now();
		// Redis first and alone: its round-trip time must not include the host sampling work
		const [redis] = await Promise.allSettled([
			this.deps.isConnected()
				? readRedisStats(nodes(), now)
				: Promise.reject(new Error('Redis is not connected'))
		]);
		const [host] = await Promise.allSettled([sampleHost(now)]);
		if (host.status === 'fulfilled') {
			this.host = host.value;
			this.hostError = null;
		} else {
			this.hostError = (host.reason as Error)?.message ?? String(host.reason);
			log.warn({ err: this.hostError }, 'host sample failed');
		}
		if (redis.status === 'fulfilled') {
			this.redis = redis.value;
			this.redisError = null;
		} else {
			this.redis = null;
			this.redisError = (redis.reason as Error)?.message ?? String(redis.reason);
		}
		const mem = process.memoryUsage();
		const lag = this.#loop.percentile(99) / 1e6;
		this.#loop.reset();
		this.process = {
			eventLoopLagMs: Number.isFinite(lag) ? lag : 0,
			heapUsedBytes: mem.heapUsed,
			rssBytes: mem.rss,
			uptimeS: Math.round((clock.now() - this.#startedAt) / 1000),
			browsers: this.deps.browsers()
		};
		this.generation++;
		this.samples++;
		this.deps.onSample();
	}

	close(): void {
		this.setWatched(false);
	}
}
