// Source 3: the host, Redis and the writer's own process, sampled every SAMPLE_MS by the
// writer whether or not anyone has System Health open (the page's own sampler runs only
// while watched). A part that cannot be sampled is left out of that bucket (a gap).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { RedisClient } from '../redis/client.ts';
import { sampleCpuMemory } from '../system/host.ts';
import { readRedisStats } from '../system/redis-stats.ts';
import type { Gauge } from './record.ts';

export interface SystemSource {
	sample(now: number): Promise<[Gauge, number][]>;
	close(): void;
}

export function systemSource(nodes: () => RedisClient[], isConnected: () => boolean): SystemSource {
	const loop = monitorEventLoopDelay({ resolution: 10 });
	loop.enable();
	return {
		async sample(now) {
			const out: [Gauge, number][] = [];
			const lag = loop.percentile(99) / 1e6;
			loop.reset();
			if (Number.isFinite(lag) && lag > 0) out.push(['lag', lag]);
			const [host, redis] = await Promise.allSettled([
				sampleCpuMemory(),
				isConnected() ? readRedisStats(nodes(), now) : Promise.reject(new Error('down'))
			]);
			if (host.status === 'fulfilled') {
				out.push(['cpu', host.value.cpuPct], ['mem', host.value.memPct]);
			}
			if (redis.status === 'fulfilled') {
				out.push(['rmem', redis.value.usedMemoryBytes], ['rops', redis.value.opsPerS]);
			}
			return out;
		},
		close: () => loop.disable()
	};
}
