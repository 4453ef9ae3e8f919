// A Collector on a test's own Redis client and Store: flushes at once unless told an interval,
// silent, always connected (tests/integration/flush-slices.test.ts, packed-read.test.ts,
// express-flush.test.ts).
import pino from 'pino';
import { Collector, type CollectorDeps } from '../../src/lib/server/pipeline/collector.ts';
import type { Store } from '../../src/lib/server/pipeline/store.ts';
import { systemClock } from '../../src/lib/shared/time.ts';

export function testCollector(
	client: unknown,
	store: Store,
	opts: Pick<Partial<CollectorDeps>, 'applySliceMs' | 'flushIntervalMs' | 'onFlushed'> = {}
): Collector {
	return new Collector({
		client: client as never,
		store,
		clock: systemClock,
		flushIntervalMs: 0,
		log: pino({ level: 'silent' }),
		onChange: () => {},
		isConnected: () => true,
		...opts
	});
}
