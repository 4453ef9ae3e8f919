// A large helix:user:team (issue 22): the gateway HSETs it on every request, so with 200,000
// users an HGETALL per change parsed 200,000 fields several times a second (a third of the
// server's time went to GC). Above TEAM_FULL_READ_MAX entries it is read in HSCAN steps, one
// per flush; a real redis-server here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';
import { readKey } from '../../src/lib/server/pipeline/readers.ts';
import { TEAM_FULL_READ_MAX } from '../../src/lib/server/pipeline/team-reader.ts';
import { Store } from '../../src/lib/server/pipeline/store.ts';
import { DaySeries, dateOfDay, dayNumber } from '../../src/lib/server/pipeline/day-series.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { dateInZone } from '../../src/lib/shared/time.ts';

let redis: RedisProcess;
let c: ReturnType<typeof createClient>;
const N = TEAM_FULL_READ_MAX + 5_000;

beforeAll(async () => {
	redis = await startRedisServer();
	c = createClient({ url: redis.url });
	await c.connect();
	const all: Record<string, string> = {};
	for (let k = 0; k < N; k++) all[`u${k}`] = `team${k % 7}`;
	await c.hSet(KEYS.userTeams, all);
});

afterAll(async () => {
	await c?.close();
	await redis?.stop();
});

/** Reads the key as flushes would until it has no more steps; returns the steps taken. */
async function scan(store: Store): Promise<{ steps: number; changed: boolean }> {
	let steps = 0;
	let changed = false;
	for (;;) {
		const r = (await readKey(c as never, KEYS.userTeams, store, false, Date.now()))(
			store,
			Date.now()
		);
		steps++;
		changed ||= r.changed;
		if (!r.more) return { steps, changed };
	}
}

const hgetalls = async () =>
	Number(/cmdstat_hgetall:calls=(\d+)/.exec(await c.info('commandstats'))?.[1] ?? 0);

describe('a large helix:user:team', () => {
	it('is read in HSCAN steps, applied as they come, with moves and removals at the next scan', async () => {
		const store = new Store();
		const now = Date.now();
		const today = dayNumber(dateInZone(now, 'UTC'));
		for (const u of ['u1', 'u2', 'u3'])
			store.entities.setUser(u, 'spend', DaySeries.fromDays(new Map([[dateOfDay(today), 2]])));
		const agg = store.entities.aggregates.at(today);
		const first = await scan(store);
		expect(first.changed).toBe(true);
		expect(first.steps).toBeGreaterThanOrEqual(5); // ~1,000 entries a step, not one HGETALL
		expect(await hgetalls()).toBe(0);
		expect(store.entities.teams.size).toBe(N);
		expect(store.entities.teams.get('u24999')).toBe('team2'); // 24999 % 7
		expect(agg.teams.get('team1')?.members).toBe(1);

		await c.hSet(KEYS.userTeams, 'u1', 'moved');
		await c.hDel(KEYS.userTeams, 'u2');
		// a scan just ended: the next starts no sooner than TEAM_RESCAN_MS later
		expect((await scan(store)).changed).toBe(false);
		expect(store.entities.teams.get('u1')).toBe('team1');
		await new Promise((r) => setTimeout(r, 5_100));
		expect((await scan(store)).changed).toBe(true);
		expect(store.entities.teams.get('u1')).toBe('moved');
		expect(store.entities.teams.has('u2')).toBe(false);
		expect(store.entities.teams.size).toBe(N - 1);
		// the aggregates followed: u1's spend is in its new team, u2 in none
		const moved = store.entities.aggregates.at(today).teams;
		expect(moved.get('moved')).toMatchObject({ members: 1, spendNano: [2e9, 2e9, 2e9] });
		expect(moved.get('team1')).toBeUndefined();
		expect(moved.get('team2')).toBeUndefined();
		expect(moved.get('team3')?.members).toBe(1);
		expect(await hgetalls()).toBe(0);
	});

	it('a small one is still read whole', async () => {
		const small = createClient({ url: redis.url, database: 1 });
		await small.connect();
		await small.hSet(KEYS.userTeams, { a: 'x', b: 'y' });
		const store = new Store();
		const r = (await readKey(small as never, KEYS.userTeams, store, false, Date.now()))(store, 0);
		expect(r).toEqual({ changed: true });
		expect([...store.entities.teams]).toEqual([
			['a', 'x'],
			['b', 'y']
		]);
		await small.close();
	});
});
