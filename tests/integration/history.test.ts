// /api/history on real dashboard processes: the same points from two nodes and after a
// restart of both, counts equal to the stream's entries hour by hour, a 400 naming the bad
// parameter, a team-limited account refused other teams' series, and annotations for what
// an operator did (a cache flush) and suffered (a dashboard restart).
import { createClient } from 'redis';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../scripts/lib/server-process.ts';
import { Accounts } from '../../src/lib/server/auth/accounts.ts';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import type {
	ClientToServerEvents,
	ServerToClientEvents
} from '../../src/lib/shared/protocol/events.ts';
import type { Annotation, HistoryAnswer } from '../../src/lib/shared/protocol/history.ts';
import { waitFor } from '../helpers/harness.ts';

const url = `${inject('redisUrl')}/8`;
const redis = createClient({ url });
const H = 3_600_000;
let a: ServerProcess;
let b: ServerProcess;
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const env = { REDIS_URL: url, LOG_FILE: 'false', REFRESH_INTERVAL: '600' };
const t0 = Math.floor((Date.now() - 5 * H) / H) * H; // a whole hour, 5 h ago
/** entries per hour written with explicit ids: hour i gets perHour[i] */
const perHour = [40, 0, 25, 7, 3];

async function login(node: ServerProcess, name: string) {
	const r = await fetch(`${node.url}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: name, password: 'a long enough password' })
	});
	sessions[name] = {
		cookie: /helix_session=[^;]+/.exec(r.headers.get('set-cookie') ?? '')![0],
		csrf: ((await r.json()) as { csrf: string }).csrf
	};
}
const get = (node: ServerProcess, path: string, who = 'ops') =>
	fetch(node.url + path, { headers: { cookie: sessions[who]!.cookie } });
async function history(node: ServerProcess, q: string): Promise<HistoryAnswer> {
	const r = await get(node, `/api/history?${q}`);
	expect(r.status).toBe(200);
	return (await r.json()) as HistoryAnswer;
}
const day = () => `metric=requests&from=${t0}&to=${t0 + 5 * H}&step=${H}`;

beforeAll(async () => {
	await redis.connect();
	await redis.flushDb();
	const accounts = new Accounts(() => redis, Date.now);
	for (const [name, teams] of [
		['ops', undefined],
		['eng-only', ['eng']]
	] as const) {
		const r = await accounts.createUser({
			name,
			role: 'admin',
			password: 'a long enough password',
			...(teams ? { teams: [...teams] } : {})
		});
		if (!r.ok) throw new Error(r.msg);
	}
	let seq = 0;
	for (const [h, n] of perHour.entries())
		for (let i = 0; i < n; i++)
			await redis.xAdd(KEYS.events, `${t0 + h * H + i * 1000}-${seq++}`, {
				model: i % 2 ? 'gpt-4o' : 'claude-3',
				outcome: i % 4 === 0 ? 'exact' : 'miss',
				latency_ms: String(50 + i),
				cost_usd: '0.002',
				user: 'alice',
				team: i % 2 ? 'eng' : 'sales'
			});
	[a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
	await login(a, 'ops');
	await login(a, 'eng-only');
});
afterAll(async () => {
	await Promise.all([a?.stop(), b?.stop()]);
	await redis.flushDb();
	await redis.close();
});

describe('/api/history', () => {
	it('counts equal the stream hour by hour, and both nodes answer the same', async () => {
		let answer: HistoryAnswer | null = null;
		await waitFor(
			async () => {
				answer = await history(a, day());
				return answer.points.reduce((s, [, v]) => s + (v ?? 0), 0) === 75;
			},
			15_000,
			'the writer caught up'
		);
		// hour 1 had no request but the stream covered it: 0, not a gap
		expect(answer!.points.map(([, v]) => v)).toEqual(perHour);
		expect(answer!.tier).toBe('1h');
		expect(answer!.summary).toBe(75);
		expect(await history(b, day())).toEqual(answer);
		// the per-model and per-team series sum to the total
		const models = await Promise.all(
			['gpt-4o', 'claude-3'].map((m) => history(b, `${day()}&model=${m}`))
		);
		expect(models.flatMap((m) => m.points).reduce((s, [, v]) => s + (v ?? 0), 0)).toBe(75);
	});

	it('gives identical points after both nodes restart', async () => {
		const before = await history(a, day());
		const fine = await history(a, `metric=latency_p95_ms&from=${t0}&to=${t0 + 5 * H}`);
		await Promise.all([a.stop(), b.stop()]);
		[a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
		for (const name of ['ops', 'eng-only']) await login(a, name);
		expect(await history(b, day())).toEqual(before);
		expect(await history(a, `metric=latency_p95_ms&from=${t0}&to=${t0 + 5 * H}`)).toEqual(fine);
	});

	it('answers a bad parameter with a 400 that names it', async () => {
		for (const [q, word] of [
			['metric=nope&from=1&to=2', 'metric'],
			['metric=requests&from=x&to=2', 'from'],
			['metric=requests&from=5&to=2', 'to'],
			[`metric=requests&from=0&to=${500 * 24 * H}`, 'at most 400 days'],
			['metric=requests&from=1&to=2&step=-5', 'step'],
			['metric=requests&from=1&to=2&model=a&team=b', 'team']
		]) {
			const r = await get(a, `/api/history?${q}`);
			expect(r.status, q).toBe(400);
			expect(((await r.json()) as { error: string }).error, q).toContain(word);
		}
	});

	it("gives a team-limited account only its teams' series", async () => {
		const own = await get(a, `/api/history?${day()}&team=eng`, 'eng-only');
		expect(own.status).toBe(200);
		const eng = (await own.json()) as HistoryAnswer;
		expect(eng.points.reduce((s, [, v]) => s + (v ?? 0), 0)).toBe(20 + 12 + 3 + 1);
		for (const q of [day(), `${day()}&team=sales`, `${day()}&model=gpt-4o`]) {
			const r = await get(a, `/api/history?${q}`, 'eng-only');
			expect(r.status, q).toBe(403);
			expect(((await r.json()) as { error: string }).error).toContain('team=');
		}
	});

	it('marks a cache flush and a dashboard restart as annotations', async () => {
		await redis.set('helix:exact:abc', 'x');
		const s: Socket<ServerToClientEvents, ClientToServerEvents> = ioClient(a.url, {
			transports: ['websocket'],
			extraHeaders: { cookie: sessions.ops!.cookie },
			reconnection: false
		});
		await waitFor(() => s.connected, 5_000, 'socket');
		const reply = await s.emitWithAck('cache:flush', { target: 'exact', confirm: true });
		s.close();
		expect(reply.ok).toBe(true);
		const res = await get(a, `/api/history/annotations?from=${t0}&to=${Date.now() + H}`);
		expect(res.status).toBe(200);
		const notes = (await res.json()) as Annotation[];
		const kinds = notes.map((n) => n.kind);
		expect(kinds).toContain('restart');
		expect(kinds).toContain('flush');
	});
});
