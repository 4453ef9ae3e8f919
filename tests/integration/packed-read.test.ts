// Per-user and per-model daily sets are read packed (issue 22, the cold start): a script answers
// a set's DUMP payload (binary scores, one Buffer per key), read by pipeline/rdb-zset.ts.
// Against a real redis-server: what the packed read stores equals what the plain ZRANGE gives
// (odd members included), a connection that may not run scripts (ACL) reads plainly from its
// first refusal on, a key of the wrong type still reports its own error, and a connection whose
// sets are small reads them plainly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';
import { DaySeries, dayNumber } from '../../src/lib/server/pipeline/day-series.ts';
import { DAYS_BACK } from '../../src/lib/server/pipeline/readers.ts';
import { Store } from '../../src/lib/server/pipeline/store.ts';
import { spendModelKey, spendUserKey } from '../../src/lib/shared/contract/keys.ts';
import { MAX_DAILY_USD } from '../../src/lib/shared/contract/parse.ts';
import { dateInZone } from '../../src/lib/shared/time.ts';
import { testCollector } from '../helpers/collector.ts';

type Client = ReturnType<typeof createClient>;
let redis: RedisProcess;
let admin: Client;
const DAY = 86_400_000;

beforeAll(async () => {
	redis = await startRedisServer();
	admin = createClient({ url: redis.url });
	await admin.connect();
	// a user that may read everything but run no script
	await admin.sendCommand([
		'ACL',
		'SETUSER',
		'noscripts',
		'on',
		'>pw',
		'~*',
		'&*',
		'+@all',
		'-@scripting'
	]);
});

afterAll(async () => {
	await admin?.close();
	await redis?.stop();
});

async function read(client: Client, keys: string[]): Promise<Store> {
	const store = new Store();
	const col = testCollector(client, store);
	for (const k of keys) col.markDirty(k);
	await col.flushNow();
	col.close();
	return store;
}

/** what the plain read makes of a key, straight from ZRANGE */
async function plain(key: string) {
	const now = Date.now();
	const entries = await admin.zRangeWithScores(key, 0, -1);
	return DaySeries.fromZset(
		entries,
		dayNumber('1970-01-01'),
		dayNumber(dateInZone(now + 2 * DAY, 'UTC')),
		MAX_DAILY_USD,
		dayNumber(dateInZone(now - DAYS_BACK * DAY, 'UTC'))
	);
}

async function evalCalls(): Promise<number> {
	const line = (await admin.info('commandstats'))
		.split('\n')
		.find((l) => l.startsWith('cmdstat_eval:'));
	const m = /calls=(\d+).*rejected_calls=(\d+)/.exec(line ?? '');
	return m ? Number(m[1]) + Number(m[2]) : 0;
}

async function seed(): Promise<string[]> {
	await admin.flushAll();
	const now = Date.now();
	const keys: string[] = [];
	for (let u = 0; u < 20; u++) {
		const key = spendUserKey(`user-${u}`);
		const members = Array.from({ length: 30 + u * 20 }, (_, i) => ({
			value: dateInZone(now - i * DAY, 'UTC'),
			score: Math.round((u + 1) * (1 + ((i * 7919) % 13)) * 1000) / 7000
		}));
		// the odd ones a gateway should not write: counted as skipped, not read as amounts
		if (u % 5 === 0)
			members.push({ value: 'not-a-date', score: 3 }, { value: 'ünïcode', score: 1 });
		if (u % 7 === 0) members.push({ value: dateInZone(now - 3_000 * DAY, 'UTC'), score: 9 });
		await admin.zAdd(key, members);
		keys.push(key);
	}
	await admin.zAdd(spendModelKey('gpt-4o'), { value: dateInZone(now, 'UTC'), score: 12.25 });
	keys.push(spendModelKey('gpt-4o'));
	return keys;
}

async function expectPlain(store: Store, keys: string[]) {
	for (const key of keys) {
		const want = await plain(key);
		const name = key.split(':').pop()!;
		const got = key.includes(':model:')
			? store.entities.models.get(name)
			: store.entities.users.get(name)?.spend;
		if (want.series === null) expect(got).toBeUndefined();
		else expect(got?.equals(want.series), key).toBe(true);
		const skipped = want.skipped + want.outside;
		expect(store.problems.has(key), key).toBe(skipped > 0);
	}
}

describe('daily sets read packed', () => {
	it('store what the plain read gives, with one script call per key', async () => {
		const keys = await seed();
		const c = createClient({ url: redis.url });
		await c.connect();
		const before = await evalCalls();
		const store = await read(c, keys);
		await c.close();
		expect(await evalCalls()).toBe(before + keys.length);
		await expectPlain(store, keys);
	});

	it('members with spaces or that are not dates: read as the plain read reads them', async () => {
		const keys = await seed();
		await admin.zAdd(keys[3]!, { value: '2026-12-01 and more', score: 4 });
		await admin.zAdd(keys[4]!, { value: `${dateInZone(Date.now(), 'UTC')} 99`, score: 4 });
		const c = createClient({ url: redis.url });
		await c.connect();
		const store = await read(c, keys);
		await c.close();
		await expectPlain(store, keys);
		expect(store.problems.get(keys[4]!)?.message).toMatch(/not of the form YYYY-MM-DD/);
	});

	it('a connection that may not run scripts reads plainly, and stops trying', async () => {
		const keys = await seed();
		const c = createClient({ url: redis.url.replace('redis://', 'redis://noscripts:pw@') });
		await c.connect();
		const before = await evalCalls();
		const first = await read(c, keys);
		const tried = (await evalCalls()) - before;
		// the first flush's reads are issued together, before any refusal is known
		expect(tried).toBeGreaterThan(0);
		await expectPlain(first, keys);
		const second = await read(c, keys);
		await c.close();
		expect((await evalCalls()) - before).toBe(tried);
		await expectPlain(second, keys);
	});

	it('a key of another type reports its own error, and the next keys are still packed', async () => {
		const keys = await seed();
		await admin.del(keys[0]!);
		await admin.set(keys[0]!, 'a string');
		const c = createClient({ url: redis.url });
		await c.connect();
		const store = await read(c, [keys[0]!]);
		expect(store.problems.get(keys[0]!)?.message).toMatch(/^cannot read: WRONGTYPE/);
		const before = await evalCalls();
		await read(c, keys.slice(1));
		await c.close();
		expect((await evalCalls()) - before).toBe(keys.length - 1);
	});

	it('small sets are read plainly, large ones packed again once they come', async () => {
		await admin.flushAll();
		const now = Date.now();
		const small: string[] = [];
		const large: string[] = [];
		for (let u = 0; u < 40; u++) {
			const days = (n: number) =>
				Array.from({ length: n }, (_, i) => ({
					value: dateInZone(now - i * DAY, 'UTC'),
					score: 1
				}));
			small.push(spendUserKey(`small-${u}`));
			await admin.zAdd(small[u]!, days(5));
			large.push(spendUserKey(`large-${u}`));
			await admin.zAdd(large[u]!, days(300));
		}
		const c = createClient({ url: redis.url });
		await c.connect();
		const evals = async (keys: string[]) => {
			const before = await evalCalls();
			await expectPlain(await read(c, keys), keys);
			return (await evalCalls()) - before;
		};
		// a new connection starts packed: the first flush's reads all go out before a reply
		expect(await evals(small)).toBe(small.length);
		expect(await evals(small)).toBe(0);
		// the large sets move the mean past PACKED_FROM_MEMBERS while this flush reads them plainly
		expect(await evals(large)).toBe(0);
		expect(await evals(large)).toBe(large.length);
		await c.close();
	});
});
