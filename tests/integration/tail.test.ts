// The request tail's server side (issue 18): who may watch it (viewers yes, a team-limited
// account only its teams' requests, a display token not at all), what a watch and a page
// answer (by stream id, bounded), and malformed requests refused with a sentence.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import type { Reply } from '../../src/lib/shared/protocol/reply.ts';
import type { TailBatch, TailRow } from '../../src/lib/shared/protocol/tail.ts';
import { addAccount, call, login, socketAs, type Caller } from '../helpers/auth.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

let h: Harness;
const who: Record<string, Caller> = {};

beforeAll(async () => {
	h = await startHarness(`${inject('redisUrl')}/4`, { REFRESH_INTERVAL: '1' });
	await h.writer.flushDb();
	await addAccount(h, 'vera', 'viewer');
	await addAccount(h, 'tess', 'viewer', ['red']);
	await addAccount(h, 'otto', 'operator');
	for (const n of ['vera', 'tess', 'otto']) who[n] = await login(h, n);
	const t = await h.server.realtime.auth.accounts.createToken('wall', 'vera');
	if (!t.ok) throw new Error(t.msg);
	who.wall = { name: 'wall', cookie: null, csrf: null, bearer: t.data.token };
});
afterAll(async () => {
	await h?.writer.flushDb();
	await h?.close();
});

const ev = (team: string, i: number) => ({
	model: 'm',
	user: `u${i}`,
	team,
	outcome: 'miss',
	latency_ms: String(100 + i),
	cost_usd: '0'
});

describe('the request tail on the server', () => {
	it('pushes only the rows a watcher may see, and answers a watch after an id', async () => {
		const vera = await socketAs(h, who.vera!);
		const tess = await socketAs(h, who.tess!);
		const got: Record<string, TailRow[]> = { vera: [], tess: [] };
		vera.on('tail:rows', (b) => got.vera!.push(...b.rows));
		tess.on('tail:rows', (b) => got.tess!.push(...b.rows));
		const first = await h.writer.xAdd(KEYS.events, '*', ev('red', 0));
		// read by the dashboard before anyone watches: it is not pushed, only in a backfill
		await waitFor(() => h.server.realtime.store.lastEventId === first, 5_000, 'the first read');
		for (const s of [vera, tess])
			expect(
				((await s.timeout(5_000).emitWithAck('tail:watch', { filter: {} })) as Reply<TailBatch>).ok
			).toBe(true);
		const ids = [];
		for (let i = 1; i <= 6; i++)
			ids.push(await h.writer.xAdd(KEYS.events, '*', ev(i % 2 ? 'red' : 'blue', i)));
		await waitFor(() => got.vera!.length === 6, 5_000, 'vera to get every row');
		await waitFor(() => got.tess!.length === 3, 5_000, "tess to get her team's rows");
		expect(got.tess!.every((r) => r.team === 'red')).toBe(true);
		expect(got.vera!.map((r) => r.id)).toEqual(ids);

		// a reconnecting browser: what came after the id it has, in order, her teams only
		const back = (await tess
			.timeout(5_000)
			.emitWithAck('tail:watch', { filter: {}, after: first })) as Reply<TailBatch>;
		expect(back.ok && back.data.rows.map((r) => r.id)).toEqual(ids.filter((_, i) => i % 2 === 0));
		// paging back, newest first, with a filter on latency
		const page = (await vera
			.timeout(5_000)
			.emitWithAck('tail:page', { filter: { minLatencyMs: 104 }, limit: 2 })) as Reply<TailBatch>;
		expect(page.ok && page.data.rows.map((r) => r.latencyMs)).toEqual([106, 105]);
		expect(page.ok && page.data.more).toBe(true);
		vera.close();
		tess.close();
	});

	it('refuses a display token and malformed requests, with sentences', async () => {
		const wall = await socketAs(h, who.wall!);
		const refused = (await wall
			.timeout(5_000)
			.emitWithAck('tail:watch', { filter: {} })) as Reply<TailBatch>;
		expect(refused.ok ? 'ok' : refused.msg).toMatch(/forbidden/);
		wall.close();
		const vera = await socketAs(h, who.vera!);
		for (const [req, msg] of [
			[{ filter: { minLatencyMs: 'slow' } }, /minLatencyMs must be a number/],
			[{ filter: {}, after: 'yesterday' }, /a stream id is/],
			[{ filter: { colour: 'red' } }, /colour/]
		] as const) {
			const r = (await vera
				.timeout(5_000)
				.emitWithAck('tail:watch', req as never)) as Reply<TailBatch>;
			expect(r.ok ? 'ok' : r.msg).toMatch(msg);
		}
		const big = (await vera
			.timeout(5_000)
			.emitWithAck('tail:page', { filter: {}, limit: 100_000 })) as Reply<TailBatch>;
		expect(big.ok ? 'ok' : big.msg).toMatch(/200/);
		vera.close();
	});

	it("opens a team-limited account only its teams' pages (entity pages)", async () => {
		// who may open which page; the pages' content is checked in Chromium against the
		// production server (tests/e2e/entities.test.ts): in this process their render fails
		const status = async (n: string, path: string) => (await call(h, who[n]!, 'GET', path)).status;
		expect(await status('tess', '/models/m')).toBe(403);
		// a wall's display token: its panels only, no tail, no entity page
		for (const path of ['/requests', '/users/u1', '/models/m', '/teams/red'])
			expect(await status('wall', path), path).toBe(403);
		for (const [n, path] of [
			['tess', '/teams/red'],
			['tess', '/requests'],
			['vera', '/models/openai/gpt-4o']
		] as const)
			expect([401, 403, 404], `${n} ${path}`).not.toContain(await status(n, path));
	});

	it('exports the filtered rows as CSV, JSON and Excel, bounded and with clear errors', async () => {
		// 12 more rows: 6 red errors over 2 s, 6 blue
		for (let i = 0; i < 12; i++)
			await h.writer.xAdd(KEYS.events, '*', {
				...ev(i % 2 ? 'red' : 'blue', 100 + i),
				...(i % 2 ? { status: 'error', error_type: 'timeout', latency_ms: '2500' } : {})
			});
		const get = (q: string, n = 'otto') => call(h, who[n]!, 'GET', `/api/export/${q}`);
		const json = await get('requests.json?team=red&status=error');
		expect(json.status).toBe(200);
		const body = (await json.json()) as {
			tables: { requests: Record<string, unknown>[] };
			summary: Record<string, unknown>;
		};
		const rows = body.tables.requests;
		expect(body.summary).toMatchObject({
			rows: 6,
			complete: 'yes',
			filter: 'team=red&status=error'
		});
		expect(rows).toHaveLength(6);
		expect(rows.every((r) => r.team === 'red' && r.status === 'error')).toBe(true);
		expect(rows[0]).toMatchObject({ error_type: 'timeout', latency_ms: 2500, model: 'm' });
		// newest first, each stream id once
		const ids = rows.map((r) => String(r.id));
		expect(new Set(ids).size).toBe(6);
		expect([...ids].sort().reverse()).toEqual(ids);
		const csv = await get('requests.csv?minLatencyMs=2000');
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-disposition')).toMatch(/helix-requests-requests_/);
		const lines = (await csv.text()).trim().split('\n');
		expect(lines[0]).toMatch(/^stream_id,time/);
		expect(lines).toHaveLength(1 + 6);
		const xlsx = await get('requests.xlsx');
		expect(xlsx.status).toBe(200);
		expect((await xlsx.arrayBuffer()).byteLength).toBeGreaterThan(1000);
		const bad = await get('requests.json?minLatencyMs=fast');
		expect(bad.status).toBe(400);
		expect(((await bad.json()) as { error: string }).error).toMatch(/minLatencyMs/);
		// exports are for operators: a viewer is refused
		expect((await get('requests.json', 'vera')).status).toBe(403);
	});
});
