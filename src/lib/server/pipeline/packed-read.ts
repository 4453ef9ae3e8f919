// How the per-user and per-model daily sets are fetched (readers.ts parses and applies them):
// packed into one string by a script in Redis where that pays and is allowed, plainly
// otherwise. docs/architecture.md, "Per-user and per-model daily sets are read packed".
import pLimit, { type LimitFunction } from 'p-limit';
import { ErrorReply } from 'redis';
import type { RedisClient } from '../redis/client.ts';

/** members a daily set may have: one a day for longer than anything reads, and some to spare */
export const MAX_MEMBERS = 5_000;

/**
 * A daily set's members and scores joined by spaces into one string, in Redis: node-redis
 * decodes two strings per member at ~350 ns each (a cold start's 4 million members cost 3 s
 * of the event loop and most of its GC); one string per key it decodes at once. The set is
 * bounded as the plain read is (MAX_MEMBERS + 1 members); the script only reads.
 */
export const PACKED_ZRANGE = `local r = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]), 'WITHSCORES')
return {#r / 2, table.concat(r, ' ')}`;

/**
 * Packed reads in flight per connection. While Redis has commands queued it writes at most
 * 64 KB of replies per turn of its loop (NET_MAX_WRITES_PER_EVENT): with a flush's 2,000
 * scripts queued at once, their replies arrived only after the last had run, so the parse
 * here and the work in Redis took turns (10,000 users: 3.3 s; with this window 2.6 s, which
 * is Redis's own time). 256 replies are ~2.6 MB at 400 members each.
 */
export const PACKED_IN_FLIGHT = 256;

/**
 * The script call costs Redis ~4 µs a key more than a ZRANGE and saves ~0.5 µs a member in
 * node-redis, so it pays from about 20 members: 400,000 sets of 5 members read 20% slower
 * packed. A connection reads packed while the sets it has read hold this many members on
 * average (a mean that follows the last few hundred reads; it starts packed).
 */
export const PACKED_FROM_MEMBERS = 24;
const MEAN_WEIGHT = 1 / 128;

interface PackedReads {
	window: LimitFunction;
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
			(p = { window: pLimit(PACKED_IN_FLIGHT), scripts: true, meanMembers: Infinity })
		);
	return p;
}

export type Members = { count: number; packed: string } | { value: string; score: number }[];

/**
 * The members of a daily set, packed where the connection runs scripts and its sets are large
 * enough to gain from it. An error from the script is answered by the plain read: if that
 * works, the script was the problem and this connection reads plainly from now on; if it
 * fails too (WRONGTYPE…), its error is the key's.
 */
export async function dailyMembers(client: RedisClient, key: string): Promise<Members> {
	const p = packedReads(client);
	let members: Members;
	if (p.scripts && p.meanMembers >= PACKED_FROM_MEMBERS) {
		try {
			const [count, packed] = (await p.window(() =>
				client.eval(PACKED_ZRANGE, { keys: [key], arguments: [String(MAX_MEMBERS)] })
			)) as [number, string];
			members = { count, packed };
		} catch (err) {
			if (!(err instanceof ErrorReply)) throw err;
			members = await client.zRangeWithScores(key, 0, MAX_MEMBERS);
			p.scripts = false;
		}
	} else members = await client.zRangeWithScores(key, 0, MAX_MEMBERS);
	const n = Array.isArray(members) ? members.length : members.count;
	p.meanMembers =
		p.meanMembers === Infinity ? n : p.meanMembers + (n - p.meanMembers) * MEAN_WEIGHT;
	return members;
}
