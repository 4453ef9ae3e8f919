// How the per-user and per-model daily sets are fetched (readers.ts parses and applies them):
// as their DUMP payload (binary scores, rdb-zset.ts) where that pays and scripts are allowed,
// plainly otherwise. docs/architecture.md, "Per-user and per-model daily sets are read packed".
import pLimit, { type LimitFunction } from 'p-limit';
import { ErrorReply, RESP_TYPES } from 'redis';
import type { RedisClient } from '../redis/client.ts';
import { DaySeries, type ZsetRead } from './day-series.ts';

/** members a daily set may have: one a day for longer than anything reads, and some to spare */
export const MAX_MEMBERS = 5_000;

/**
 * A daily set's DUMP payload, or its size when it is empty or larger than `ARGV[1]` members
 * (not read: the same bound as the plain read's). Redis 7.0 prints every score of a ZRANGE
 * with %.17g (400 members: ~130 µs of its time) and node-redis decodes each member and score
 * as a string (~350 ns each): a cold start's 4 million members cost Redis 1.3 s and the event
 * loop 3 s. A DUMP keeps the scores binary (~50 µs) and arrives as one Buffer. The script
 * only reads.
 */
export const DUMP_IF_BOUNDED = `local n = redis.call('ZCARD', KEYS[1])
if n == 0 or n > tonumber(ARGV[1]) then return n end
return redis.call('DUMP', KEYS[1])`;

/**
 * DUMP scripts in flight per connection. While Redis has commands queued it writes at most
 * 64 KB of replies per turn of its loop (NET_MAX_WRITES_PER_EVENT): with a flush's 2,000
 * scripts queued at once, their replies arrived only after the last had run, so the parse
 * here and the work in Redis took turns instead of overlapping. 256 payloads are ~2 MB at 400
 * members each.
 */
export const PACKED_IN_FLIGHT = 256;

/**
 * The script call costs Redis a few µs a key more than a ZRANGE, and a DUMP saves node-redis
 * two strings a member: 100,000 sets of 5 members read in 0.97 s plainly and 1.33 s packed, of
 * 12 in 1.65 / 1.74 s, of 30 in 4.1 / 2.7 s. A connection reads packed while the sets it has
 * read hold this many members on average (a mean that follows the last few hundred reads; it
 * starts packed).
 */
export const PACKED_FROM_MEMBERS = 16;
const MEAN_WEIGHT = 1 / 128;

interface PackedReads {
	window: LimitFunction;
	/** the same connection, answering blob strings as Buffers (a DUMP is binary); its commands
	 * keep the connection's deadlines (redis/deadline.ts wraps the clone too) */
	binary: RedisClient;
	/** false once the script failed where the plain read worked (scripting off, no ACL permission, an old server) */
	scripts: boolean;
	/** members per set read on this connection, a moving mean */
	meanMembers: number;
}
const perClient = new WeakMap<RedisClient, PackedReads>();
function packedReads(client: RedisClient): PackedReads {
	let p = perClient.get(client);
	if (!p)
		perClient.set(
			client,
			(p = {
				window: pLimit(PACKED_IN_FLIGHT),
				binary: client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }) as RedisClient,
				scripts: true,
				meanMembers: Infinity
			})
		);
	return p;
}

/** the days a series keeps: [fromDay, toDay, maxUsd, floor] (DaySeries.fromZset's) */
export type SeriesWindow = readonly [number, number, number, number];

export interface DailyRead {
	/** members the set has */
	count: number;
	/** its series, or null when it has more than MAX_MEMBERS (not read) */
	read: ZsetRead | null;
}

/**
 * A daily set as a series: from its DUMP where the connection runs scripts and its sets are
 * large enough to gain from it, plainly otherwise or when the payload is in an encoding
 * rdb-zset.ts does not read. An error from the script is answered by the plain read: if that
 * works, the script was the problem and this connection reads plainly from now on; if it
 * fails too (WRONGTYPE…), its error is the key's.
 */
export async function readDaily(
	client: RedisClient,
	key: string,
	window: SeriesWindow
): Promise<DailyRead> {
	const p = packedReads(client);
	let got: DailyRead | null = null;
	if (p.scripts && p.meanMembers >= PACKED_FROM_MEMBERS) {
		try {
			const reply = (await p.window(() =>
				p.binary.eval(DUMP_IF_BOUNDED, { keys: [key], arguments: [String(MAX_MEMBERS)] })
			)) as number | Buffer;
			if (typeof reply === 'number')
				got = {
					count: reply,
					read: reply > MAX_MEMBERS ? null : DaySeries.fromZset([], ...window)
				};
			else {
				const read = DaySeries.fromDump(reply, ...window);
				if (read) got = { count: read.count, read };
			}
		} catch (err) {
			if (!(err instanceof ErrorReply)) throw err;
			got = plain(await client.zRangeWithScores(key, 0, MAX_MEMBERS), window);
			p.scripts = false;
		}
	}
	got ??= plain(await client.zRangeWithScores(key, 0, MAX_MEMBERS), window);
	p.meanMembers =
		p.meanMembers === Infinity
			? got.count
			: p.meanMembers + (got.count - p.meanMembers) * MEAN_WEIGHT;
	return got;
}

function plain(entries: { value: string; score: number }[], window: SeriesWindow): DailyRead {
	const count = entries.length;
	return { count, read: count > MAX_MEMBERS ? null : DaySeries.fromZset(entries, ...window) };
}
