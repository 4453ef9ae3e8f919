// The LiteLLM callback (integrations/litellm/helix_callback.py, run by Debian's python3 with
// python3-redis) and the Node recorder write the same requests into two databases: every key
// must be identical, and the dashboard must read the callback's keys back to the totals.
import { execFileSync, spawnSync } from 'node:child_process';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordRequest, type RequestRecord } from '../../src/lib/recorder/recorder.ts';
import { startHarness } from '../helpers/harness.ts';

const PYTHON = '/usr/bin/python3';
const hasPython = spawnSync(PYTHON, ['-c', 'import redis'], { stdio: 'ignore' }).status === 0;
const base = inject('redisUrl');
const pyDb = createClient({ url: `${base}/11` });
const jsDb = createClient({ url: `${base}/12` });

/** StandardLoggingPayload-shaped requests, as LiteLLM hands them to a callback */
const t0 = 1_795_790_000;
const payloads = [
	{ model: 'gpt-4o', response_cost: 0.0125, startTime: t0 + 0.5, endTime: t0 + 1.25, cache_hit: false, metadata: { user_api_key_user_id: 'alice', user_api_key_team_alias: 'red' }, prompt_tokens: 12, completion_tokens: 40 },
	{ model: 'gpt-4o', response_cost: 0, saved_cache_cost: 0.0125, startTime: t0 + 2, endTime: t0 + 2.004, cache_hit: true, metadata: { user_api_key_user_id: 'alice', user_api_key_team_alias: 'red' } },
	{ model: 'claude-3-5-sonnet', response_cost: 0.00000125, startTime: t0 + 3, endTime: t0 + 5.5, cache_hit: true, metadata: { user_api_key_user_id: 'bob', 'semantic-similarity': 0.9312 }, prompt_tokens: 5, completion_tokens: 0 },
	{ model: 'gpt-4o-mini', response_cost: 0.3, startTime: t0 + 86_400, endTime: t0 + 86_400.1, cache_hit: false, metadata: {}, end_user: 'carol' },
	{ model: 'gpt-4o-mini', response_cost: 0.1, startTime: t0 + 86_401, endTime: t0 + 86_401.2, cache_hit: null, metadata: {} }
];

/** The same requests for the Node recorder. */
function asRecord(p: (typeof payloads)[number]): RequestRecord {
	const m = p.metadata as Record<string, unknown>;
	const sim = m['semantic-similarity'];
	return {
		model: p.model,
		user: (m.user_api_key_user_id as string | undefined) ?? (p as { end_user?: string }).end_user ?? null,
		team: (m.user_api_key_team_alias as string | undefined) ?? null,
		outcome: p.cache_hit ? (typeof sim === 'number' ? 'semantic' : 'exact') : 'miss',
		similarity: typeof sim === 'number' ? sim : null,
		latencyMs: (p.endTime - p.startTime) * 1000,
		costUsd: p.response_cost,
		savedUsd: (p as { saved_cache_cost?: number }).saved_cache_cost ?? 0,
		tokensIn: (p as { prompt_tokens?: number }).prompt_tokens,
		tokensOut: (p as { completion_tokens?: number }).completion_tokens,
		at: Math.round(p.startTime * 1000)
	};
}

async function dump(c: typeof pyDb): Promise<Record<string, unknown>> {
	const out: Record<string, unknown> = {};
	for await (const keys of c.scanIterator({ COUNT: 100 })) {
		for (const k of keys) {
			const type = await c.type(k);
			if (type === 'string') out[k] = await c.get(k);
			else if (type === 'zset') out[k] = await c.zRangeWithScores(k, 0, -1);
			else if (type === 'hash') out[k] = await c.hGetAll(k);
			else if (type === 'stream') out[k] = (await c.xRange(k, '-', '+')).map((e) => ({ ms: e.id.split('-')[0], fields: e.message }));
			else out[k] = `unexpected type ${type}`;
		}
	}
	return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

beforeAll(async () => {
	await pyDb.connect();
	await jsDb.connect();
	await pyDb.flushDb();
	await jsDb.flushDb();
});
afterAll(async () => {
	await pyDb.flushDb().catch(() => {});
	await jsDb.flushDb().catch(() => {});
	await pyDb.close();
	await jsDb.close();
});

describe.skipIf(!hasPython)('LiteLLM callback (needs python3-redis: apt-get install python3-redis)', () => {
	it('writes exactly the keys the Node recorder writes', async () => {
		const written = execFileSync(PYTHON, ['integrations/litellm/selftest.py', `${base}/11`, '0'], { input: payloads.map((p) => JSON.stringify(p)).join('\n') }).toString();
		expect(written.trim()).toBe(String(payloads.length));
		for (const p of payloads) await recordRequest(jsDb, asRecord(p), { timezoneOffset: 0 });
		const [py, js] = [await dump(pyDb), await dump(jsDb)];
		expect(Object.keys(py)).toContain('helix:spend:user:carol');
		expect(Object.keys(py)).toContain('helix:hits:user:bob');
		expect(py).toEqual(js);
	});

	it('is read back by the dashboard to the expected totals', async () => {
		const h = await startHarness(`${base}/11`);
		try {
			const s = h.server.realtime.snapshot('overview')!.state;
			expect(s.requestsTotal).toBe(5);
			expect(s.cacheHits).toBe(2);
			expect(s.spendTotalUsd).toBeCloseTo(0.0125 + 0.00000125 + 0.3 + 0.1, 9);
			expect(s.costSavedUsd).toBeCloseTo(0.0125, 9);
			expect(s.problems).toEqual([]);
			await h.server.realtime.collector.flushNow(); // the per-user keys found by the start-up scan
			const users = h.server.realtime.snapshot('users')!.state;
			expect(users.userCount).toBe(4); // alice, bob, carol and "None"
		} finally {
			await h.close();
		}
	});
});
