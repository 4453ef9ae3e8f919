// The host and cache samplers and the cache control, wired to the data path; each refreshes
// its room when it has something new (features.ts builds them first).
import { CacheControl } from '../cache/control.ts';
import { CacheSampler } from '../cache/sampler.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { RoomName } from '../../shared/protocol/rooms.ts';
import { SystemSampler } from '../system/sampler.ts';
import type { Clock } from '../../shared/time.ts';
import type { Config } from '../platform/config.ts';
import type { Link } from '../redis/link.ts';
import type { HelixServer } from '../socket/types.ts';

export function createSamplers(
	d: { config: Config; clock: Clock; link: Link; io: HelixServer },
	child: (module: string) => Logger,
	refresh: (room: RoomName) => void
) {
	const sampler = new SystemSampler({
		nodes: () => d.link.nodes(),
		isConnected: () => d.link.connected,
		browsers: () => d.io.of('/').sockets.size,
		clock: d.clock,
		intervalMs: d.config.systemSampleMs,
		log: child('system'),
		onSample: () => refresh('system')
	});
	const cacheSampler = new CacheSampler(
		d.link.command,
		() => d.link.connected,
		d.clock,
		d.config.cacheSampleMs,
		child('cache'),
		() => refresh('cache'),
		() => d.link.nodes()
	);
	const cache = new CacheControl({
		client: d.link.command,
		isConnected: () => d.link.connected,
		now: () => d.clock.now(),
		log: child('cache'),
		onProgress: () => refresh('cache')
	});
	return { sampler, cacheSampler, cache };
}
