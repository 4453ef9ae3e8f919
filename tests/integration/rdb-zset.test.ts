// A sorted set's DUMP payload read by pipeline/rdb-zset.ts (issue 22, the cold start), against
// a real redis-server: on random sets of both encodings (listpack under 128 members, skiplist
// above), with members that are integers, long (LZF-compressed), non-ASCII or not dates, scores
// that are integral, negative, infinite or large, with RDB compression on and off, every member
// and score equals what ZRANGE … WITHSCORES gives. A damaged or foreign payload is null, never
// a throw; DaySeries.fromDump equals DaySeries.fromZset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESP_TYPES, createClient } from 'redis';
import { startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';
import { zsetFromDump } from '../../src/lib/server/pipeline/rdb-zset.ts';
import { DaySeries, dateOfDay, dayNumber } from '../../src/lib/server/pipeline/day-series.ts';

let redis: RedisProcess;
let c: ReturnType<typeof createClient>;

beforeAll(async () => {
	redis = await startRedisServer();
	c = createClient({ url: redis.url });
	await c.connect();
});

afterAll(async () => {
	await c?.close();
	await redis?.stop();
});

function lcg(seed: number) {
	let s = seed >>> 0;
	return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const dump = async (key: string) =>
	(await c.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }).dump(key)) as unknown as Buffer;

function read(payload: Buffer): Map<string, number> | null {
	const got = new Map<string, number>();
	const n = zsetFromDump(payload, (b, from, to, s) => got.set(b.toString('utf8', from, to), s));
	if (n === null) return null;
	expect(n).toBe(got.size);
	return got;
}

async function randomSet(r: () => number, key: string, size: number) {
	const today = dayNumber('2026-12-02');
	const members = new Map<string, number>();
	while (members.size < size) {
		const x = r();
		const value =
			x < 0.7
				? dateOfDay(today - Math.floor(r() * 1_000))
				: x < 0.73
					? String(Math.floor(r() * 1e9) - 5e8) // an integer member (RDB/listpack int encodings)
					: x < 0.75
						? String(Math.floor(r() * 8_192) - 4_096) // a listpack's 13-bit integers, negative ones too
						: x < 0.8
							? `long-${'abcdefgh'.repeat(1 + Math.floor(r() * 12))}-${Math.floor(r() * 1e6)}` // LZF
							: x < 0.85
								? `ünï-${Math.floor(r() * 1e6)}`
								: x < 0.9
									? 'x'.repeat(1 + Math.floor(r() * 300))
									: `m${Math.floor(r() * 1e6)}`;
		const y = r();
		const score =
			y < 0.1
				? Math.floor(r() * 10_000) - 5_000 // integral: a listpack keeps it as an integer
				: y < 0.15
					? -r() * 10
					: y < 0.17
						? Infinity
						: y < 0.19
							? -Infinity
							: y < 0.22
								? r() * 1e15
								: y < 0.24
									? 2 ** 60 + Math.floor(r() * 1e6) * 1024 // an integer past 2^53
									: Math.round(r() * 1e6) / 1e4 + r() * 1e-9;
		members.set(value, score);
	}
	await c.del(key);
	await c.zAdd(
		key,
		[...members].map(([value, score]) => ({ value, score }))
	);
}

describe('a sorted set read from its DUMP', () => {
	const variants = [
		{ compression: 'yes', listpack: null },
		{ compression: 'no', listpack: null },
		// long members and many of them in a listpack: its 12-bit string entries and longer back-lengths
		{ compression: 'yes', listpack: { value: '4096', entries: '1000' } }
	];
	for (const [v, { compression, listpack }] of variants.entries())
		it(`equals ZRANGE on random sets of both encodings (rdbcompression ${compression}${listpack ? ', large listpacks' : ''})`, async () => {
			await c.configSet('rdbcompression', compression);
			await c.configSet('zset-max-listpack-value', listpack?.value ?? '64');
			await c.configSet('zset-max-listpack-entries', listpack?.entries ?? '128');
			const r = lcg(11 + v);
			const encodings = new Set<string>();
			for (let t = 0; t < 120; t++) {
				const size = t < 60 ? 1 + Math.floor(r() * 127) : 129 + Math.floor(r() * 600);
				await randomSet(r, 'z', size);
				encodings.add(String(await c.objectEncoding('z')));
				const got = read(await dump('z'));
				expect(got, `set ${t} (${size} members)`).not.toBeNull();
				const want = await c.zRangeWithScores('z', 0, -1);
				expect(got!.size).toBe(want.length);
				for (const { value, score } of want) expect(got!.get(value), value).toBe(score);
			}
			expect([...encodings].sort()).toEqual(listpack ? ['listpack'] : ['listpack', 'skiplist']);
			await c.configSet('zset-max-listpack-value', '64');
			await c.configSet('zset-max-listpack-entries', '128');
		});

	it('a damaged or foreign payload is null, never a throw', async () => {
		await c.configSet('rdbcompression', 'yes');
		const r = lcg(3);
		await randomSet(r, 'small', 40);
		await randomSet(r, 'large', 300);
		await c.set('str', 'a string value of some length, to be compressed perhaps');
		await c.hSet('hash', { a: '1', b: '2' });
		expect(read(await dump('str'))).toBeNull();
		expect(read(await dump('hash'))).toBeNull();
		for (const key of ['small', 'large']) {
			const good = await dump(key);
			expect(read(good)).not.toBeNull();
			expect(read(Buffer.alloc(0))).toBeNull();
			for (let cut = 1; cut < good.length; cut += Math.max(1, Math.floor(good.length / 97)))
				expect(read(good.subarray(0, good.length - cut))).toBeNull();
			for (let i = 0; i < 300; i++) {
				const bad = Buffer.from(good);
				const at = Math.floor(r() * (bad.length - 10));
				bad[at] = Math.floor(r() * 256);
				// a flipped byte may still read as a set (a score's bits): never a throw
				expect(() => read(bad)).not.toThrow();
			}
		}
	});

	it('DaySeries.fromDump equals DaySeries.fromZset', async () => {
		const r = lcg(7);
		const today = dayNumber('2026-12-02');
		const args = [dayNumber('1970-01-01'), today + 2, 1e9, today - 800] as const;
		for (let t = 0; t < 40; t++) {
			await randomSet(r, 'z', 1 + Math.floor(r() * 500));
			const got = DaySeries.fromDump(await dump('z'), ...args)!;
			const want = DaySeries.fromZset(await c.zRangeWithScores('z', 0, -1), ...args);
			expect(got.count).toBe(await c.zCard('z'));
			expect(got.skipped).toBe(want.skipped);
			expect(got.outside).toBe(want.outside);
			if (want.series === null) expect(got.series).toBeNull();
			else expect(got.series!.equals(want.series)).toBe(true);
		}
	});
});
