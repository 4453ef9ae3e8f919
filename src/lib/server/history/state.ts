// The writer's state and its one atomic commit (writer.ts): the version, the stream cursor,
// the coverage, the counter baseline and the count of entries processed live in one hash; a
// commit writes the merged bucket records, their expiries, the PII incidents seen and the new
// state in one Lua script on one slot, and only if the version is still the one read.
import { KEYS } from '../../shared/contract/keys.ts';
import type { RedisClient } from '../redis/client.ts';
import { touchedId, type Batch } from './batch.ts';
import { Coverage } from './coverage.ts';
import { PII_SEEN_KEY, PII_SEEN_MAX, STATE_KEY } from './keys.ts';
import { decodeRecord, encodeRecord, type BucketRecord } from './record.ts';

/** version check, record writes, expiries, incidents seen, new state: all or nothing */
const COMMIT = `
if (redis.call('HGET', KEYS[1], 'version') or '') ~= ARGV[1] then return 0 end
local i = 7
local n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do redis.call('HSET', KEYS[tonumber(ARGV[i])], ARGV[i + 1], ARGV[i + 2]); i = i + 3 end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do redis.call('PEXPIREAT', KEYS[tonumber(ARGV[i])], ARGV[i + 1]); i = i + 2 end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1]); i = i + 2 end
if n > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[i]) + 1)) end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'cursor', ARGV[3], 'coverage', ARGV[4], 'counters', ARGV[5], 'processed', ARGV[6])
return 1`;

export interface State {
	version: string;
	cursor: string | null;
	coverage: Coverage;
	counters: CounterBaseline | null;
	/** stream entries consumed (or skipped as trimmed before the first run): trim detection */
	processed: number;
}

export interface CounterBaseline {
	at: number;
	requests: number;
	hits: number;
	spend: number;
	saved: number;
}

export async function readState(client: RedisClient): Promise<State> {
	const h = await client.hGetAll(STATE_KEY);
	let counters: CounterBaseline | null = null;
	try {
		counters = h.counters ? (JSON.parse(h.counters) as CounterBaseline) : null;
	} catch {
		counters = null;
	}
	return {
		version: h.version ?? '',
		cursor: h.cursor || null,
		coverage: Coverage.decode(h.coverage),
		counters,
		processed: Number(h.processed) || 0
	};
}

export async function commit(
	client: RedisClient,
	st: State,
	batch: Batch,
	next: Omit<State, 'version'>,
	pii: [number, string][]
): Promise<boolean> {
	// merge with what Redis holds (read after the state: a commit in between moves the version)
	const byKey = new Map<string, string[]>();
	for (const t of batch.touched.values()) byKey.set(t.key, [...(byKey.get(t.key) ?? []), t.field]);
	const stored = new Map<string, BucketRecord>();
	await Promise.all(
		[...byKey].map(async ([key, fields]) => {
			const vals = await client.hmGet(key, fields);
			fields.forEach((f, i) => {
				if (vals[i]) stored.set(touchedId(key, f), decodeRecord(vals[i]));
			});
		})
	);
	batch.mergeStored(stored);
	const keys = [STATE_KEY, PII_SEEN_KEY, ...byKey.keys()];
	const index = new Map(keys.map((k, i) => [k, i + 1]));
	const recs: string[] = [];
	const exp = new Map<string, number>();
	for (const t of batch.touched.values()) {
		recs.push(String(index.get(t.key)), t.field, encodeRecord(t.rec));
		exp.set(t.key, t.expireAt);
	}
	const expiries: string[] = [];
	for (const [k, at] of exp) expiries.push(String(index.get(k)), String(at));
	const piiArgs = pii.flatMap(([ts, id]) => [String(ts), id]);
	const version = String((Number(st.version) || 0) + 1);
	const r = await client.eval(COMMIT, {
		keys,
		arguments: [
			st.version,
			version,
			next.cursor ?? '',
			next.coverage.encode(),
			next.counters ? JSON.stringify(next.counters) : '',
			String(next.processed),
			String(recs.length / 3),
			...recs,
			String(expiries.length / 2),
			...expiries,
			String(pii.length),
			...piiArgs,
			String(PII_SEEN_MAX)
		]
	});
	return Number(r) === 1;
}

export async function streamInfo(
	client: RedisClient
): Promise<{ length: number; firstId: string | null; added: number | null }> {
	let raw: unknown;
	try {
		raw = await client.sendCommand(['XINFO', 'STREAM', KEYS.events]);
	} catch {
		return { length: 0, firstId: null, added: null }; // no stream (or not a stream)
	}
	const a = Array.isArray(raw) ? (raw as unknown[]) : [];
	const get = (name: string) => {
		const i = a.findIndex((x) => String(x) === name);
		return i >= 0 ? a[i + 1] : undefined;
	};
	const first = get('first-entry');
	const added = get('entries-added');
	return {
		length: Number(get('length')) || 0,
		firstId: Array.isArray(first) && first.length ? String(first[0]) : null,
		added: added === undefined ? null : Number(added)
	};
}

/** Redis's clock (ms): coverage follows the clock that stamps stream ids, not this host's */
export async function redisTime(client: RedisClient): Promise<number> {
	const t = (await client.sendCommand(['TIME'])) as [string, string];
	return Number(t[0]) * 1000 + Math.floor(Number(t[1]) / 1000);
}
