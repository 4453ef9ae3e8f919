// The rollup writer as the tests without a server drive it: this process always leads, the
// clock stands at `now`, no host samples; `rollUp` runs rounds until nothing is left.
import pino from 'pino';
import type { SystemSource } from '../../src/lib/server/history/sources.ts';
import { makeTiers } from '../../src/lib/server/history/tiers.ts';
import { HistoryWriter } from '../../src/lib/server/history/writer.ts';
import { Store } from '../../src/lib/server/pipeline/store.ts';
import type { RedisClient } from '../../src/lib/server/redis/client.ts';
import type { Lease } from '../../src/lib/server/redis/lease.ts';

const noSystem: SystemSource = { sample: async () => [], close: () => {} };

export async function rollUp(
	client: RedisClient,
	now: number,
	opts: { fineModels?: string[] } = {}
): Promise<HistoryWriter> {
	const w = new HistoryWriter({
		client,
		isConnected: () => true,
		lease: { isLeader: true } as Lease,
		store: new Store(),
		tiers: makeTiers(),
		zone: 'UTC',
		clock: { now: () => now },
		log: pino({ level: 'silent' }),
		system: noSystem
	});
	if (opts.fineModels) w.fineModels = () => new Set(opts.fineModels);
	for (let i = 0; i < 50; i++) if (!(await w.round())) break;
	return w;
}
