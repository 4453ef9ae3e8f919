// The header search's server side (issue 18): ids found by their start or by a part after
// / : . _ - @, from an index built once (users who appear later are merged into each answer;
// not rebuilt per query, nor when a figure moves); answers bounded per kind; a team-limited
// account finds only its teams' users and teams and no model; a display token may not
// search; bad input gets a sentence.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordRequest } from '../../src/lib/recorder/recorder.ts';
import { EntityIndex } from '../../src/lib/server/explore/search.ts';
import type { Reply } from '../../src/lib/shared/protocol/reply.ts';
import { SEARCH_RESULTS, type EntitySearchAnswer } from '../../src/lib/shared/protocol/search.ts';
import { addAccount, login, socketAs, type Caller } from '../helpers/auth.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

let h: Harness;
const who: Record<string, Caller> = {};

beforeAll(async () => {
	h = await startHarness(`${inject('redisUrl')}/1`, { REFRESH_INTERVAL: '1' });
	await h.writer.flushDb();
	await addAccount(h, 'vera', 'viewer');
	await addAccount(h, 'tess', 'viewer', ['red']);
	for (const n of ['vera', 'tess']) who[n] = await login(h, n);
	const t = await h.server.realtime.auth.accounts.createToken('wall', 'vera');
	if (!t.ok) throw new Error(t.msg);
	who.wall = { name: 'wall', cookie: null, csrf: null, bearer: t.data.token };
	const req = (model: string, user: string, team: string) =>
		recordRequest(h.writer, { model, user, team, outcome: 'miss', latencyMs: 5, costUsd: 0.01 });
	await req('openai/gpt-4o', 'svc:batch/01', 'red');
	await req('anthropic/claude-3', 'alice@corp.example.com', 'blue');
	await req('gpt-4o-mini', 'bob', 'red');
	// more users starting with "load" than one answer holds
	for (let i = 0; i < SEARCH_RESULTS + 3; i++) await req('m', `load-${i}`, 'blue');
	await waitFor(
		() => h.server.realtime.store.entities.users.size === 3 + SEARCH_RESULTS + 3,
		10_000,
		'users read'
	);
});
afterAll(async () => {
	await h?.writer.flushDb();
	await h?.close();
});

async function search(c: Caller, q: unknown): Promise<Reply<EntitySearchAnswer>> {
	const s = await socketAs(h, c);
	try {
		return (await s
			.timeout(5_000)
			.emitWithAck('search', q as { q: string })) as Reply<EntitySearchAnswer>;
	} finally {
		s.disconnect();
	}
}

describe('header search', () => {
	it('finds ids by their start and by a part after a separator, bounded per kind', async () => {
		const gpt = await search(who.vera!, { q: 'GPT' });
		expect(gpt.ok && gpt.data.models).toEqual(['gpt-4o-mini', 'openai/gpt-4o']);
		const batch = await search(who.vera!, { q: 'batch' });
		expect(batch.ok && batch.data.users).toEqual(['svc:batch/01']);
		const red = await search(who.vera!, { q: 're' });
		expect(red.ok && red.data.teams).toEqual(['red']);
		const load = await search(who.vera!, { q: 'load' });
		expect(load.ok && load.data.users.length).toBe(SEARCH_RESULTS);
		expect(load.ok && load.data.more).toBe(true);
		// an e-mail address names a person: it is never an answer (it has no page either)
		const alice = await search(who.vera!, { q: 'alice' });
		expect(alice.ok && alice.data.users).toEqual([]);
	});

	it('cuts a team-limited account to its teams, and refuses a wall and bad input', async () => {
		const t = await search(who.tess!, { q: 'b' });
		expect(t.ok && t.data).toMatchObject({ models: [], users: ['bob', 'svc:batch/01'], teams: [] });
		const all = await search(who.tess!, { q: 'load' });
		expect(all.ok && all.data.users).toEqual([]); // team blue's users
		const wall = await search(who.wall!, { q: 'gpt' });
		expect(wall.ok).toBe(false);
		for (const bad of [{}, { q: '' }, { q: 'x'.repeat(101) }, { q: 'a', extra: 1 }, 'gpt']) {
			const r = await search(who.vera!, bad);
			expect(r.ok, JSON.stringify(bad)).toBe(false);
			expect(!r.ok && r.msg).toMatch(/\w+ \w+/);
		}
	});

	it('finds an id that appeared without rebuilding its users, and rebuilds nothing when a figure moves', async () => {
		const index = new EntityIndex(h.server.realtime.store);
		index.search('gpt', null);
		expect(index.builds).toBe(1);
		await recordRequest(h.writer, {
			model: 'gpt-4o-mini',
			user: 'bob',
			team: 'red',
			outcome: 'miss',
			latencyMs: 5,
			costUsd: 1
		});
		const v = h.server.realtime.store.entities.version;
		await waitFor(
			() => h.server.realtime.store.entities.version > v,
			10_000,
			'the spend to be read'
		);
		index.search('gpt', null);
		expect(index.builds).toBe(1); // same ids, new figures: no rebuild
		await recordRequest(h.writer, {
			model: 'gpt-5',
			user: 'carol',
			team: 'red',
			outcome: 'miss',
			latencyMs: 5,
			costUsd: 1
		});
		await waitFor(() => h.server.realtime.store.entities.models.has('gpt-5'), 10_000, 'gpt-5 read');
		await waitFor(() => h.server.realtime.store.entities.users.has('carol'), 10_000, 'carol read');
		const r = index.search('gpt', null);
		expect(r.models).toContain('gpt-5');
		// a new user is merged into the answer: the users' tokens are not rebuilt (issue 22)
		expect(index.search('carol', null).users).toEqual(['carol']);
		expect(index.builds).toBe(1);
		index.close();
	});
});
