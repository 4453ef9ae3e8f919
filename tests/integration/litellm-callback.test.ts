// The LiteLLM callback (integrations/litellm/helix_callback.py, run by Debian's python3 with
// python3-redis) and the Node recorder write the same requests into two databases: every key
// must be identical, and the dashboard must read the callback's keys back to the totals.
import { execFileSync, spawnSync } from 'node:child_process';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordRequest } from '../../src/lib/recorder/recorder.ts';
import { startHarness } from '../helpers/harness.ts';
import { asRecord, dump, payloads, PYTHON } from '../helpers/litellm.ts';

const hasPython = spawnSync(PYTHON, ['-c', 'import redis'], { stdio: 'ignore' }).status === 0;
const base = inject('redisUrl');
const pyDb = createClient({ url: `${base}/11` });
const jsDb = createClient({ url: `${base}/12` });

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

describe.skipIf(!hasPython)(
	'LiteLLM callback (needs python3-redis: apt-get install python3-redis)',
	() => {
		it('writes exactly the keys the Node recorder writes', async () => {
			const written = execFileSync(
				PYTHON,
				['integrations/litellm/selftest.py', `${base}/11`, '0'],
				{ input: payloads.map((p) => JSON.stringify(p)).join('\n') }
			).toString();
			expect(written.trim()).toBe(String(payloads.length));
			for (const p of payloads) await recordRequest(jsDb, asRecord(p), { timezoneOffset: 0 });
			const [py, js] = [await dump([pyDb]), await dump([jsDb])];
			expect(Object.keys(py)).toContain('helix:spend:user:carol');
			expect(Object.keys(py)).toContain('helix:hits:user:bob');
			expect(py).toEqual(js);
		});

		it('is read back by the dashboard to the expected totals', async () => {
			const h = await startHarness(`${base}/11`);
			try {
				const s = h.server.realtime.snapshot('overview')!.state;
				expect(s.requestsTotal).toBe(6);
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
	}
);
