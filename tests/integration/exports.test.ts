// Exports parsed with real readers (papaparse, JSON.parse, exceljs) and checked against Redis.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordIncident, recordRequest } from '../../src/lib/recorder/recorder.ts';
import { KEYS, spendUserKey } from '../../src/lib/shared/contract/keys.ts';
import { EXPORT_TABLES } from '../../src/lib/shared/protocol/exports.ts';
import { dateInZone } from '../../src/lib/shared/time.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

let h: Harness;
const day = (n: number) => dateInZone(Date.now() - n * 86_400_000, 'UTC');
const EVIL_USER = '=HYPERLINK("http://evil.example","x")';

beforeAll(async () => {
	h = await startHarness(inject('redisUrl'));
	await h.writer.flushAll();
	const at = (n: number) => Date.now() - n * 86_400_000;
	for (let n = 0; n < 5; n++) {
		await recordRequest(h.writer, {
			model: 'gpt-4o',
			user: 'alice',
			team: 'search',
			outcome: 'miss',
			latencyMs: 1,
			costUsd: 1 + n,
			at: at(5 - n) + n
		});
		await recordRequest(h.writer, {
			model: '+cmd',
			user: EVIL_USER,
			team: '@SUM(1)',
			outcome: 'miss',
			latencyMs: 1,
			costUsd: 0.5,
			at: at(5 - n) + n + 1
		});
	}
	await recordIncident(h.writer, {
		user: 'bob@example.com',
		action: 'logged',
		contentPreview: 'card 4111 1111 1111 1111 and -2+3'
	});
	await h.server.realtime.collector.reconcile(false);
	await h.server.realtime.collector.reconcileEntities();
	await waitFor(
		() =>
			h.server.realtime.store.entities.users.size === 2 &&
			h.server.realtime.store.incidents?.incidents.length === 1,
		5_000,
		'data loaded'
	);
});
afterAll(async () => h?.close());

const get = (path: string) => fetch(`${h.baseUrl}/api/export/${path}`);

describe('exports', () => {
	it('CSV: one table, every value as in Redis, formulas neutralised, named by dataset, range and zone', async () => {
		const res = await get(`spend.csv?table=per_user&from=${day(6)}&to=${day(0)}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toBe(
			`attachment; filename="helix-spend-per_user_${day(6)}_${day(0)}_UTC.csv"`
		);
		const parsed = Papa.parse<Record<string, string>>(await res.text(), {
			header: true,
			skipEmptyLines: true
		});
		expect(parsed.errors).toEqual([]);
		expect(parsed.meta.fields).toEqual(['user', 'team', 'date', 'spend_usd']);
		const alice = parsed.data.filter((r) => r.user === 'alice');
		expect(alice).toHaveLength(5);
		for (const r of alice)
			expect(Number(r.spend_usd)).toBe(await h.writer.zScore(spendUserKey('alice'), r.date!));
		const evil = parsed.data.filter((r) => r.user !== 'alice');
		expect(evil[0]).toMatchObject({ user: `'${EVIL_USER}`, team: "'@SUM(1)" });
	});

	it('JSON: every table, with the range and the zone', async () => {
		const body = await (await get(`spend.json?from=${day(6)}&to=${day(0)}`)).json();
		expect(body).toMatchObject({ dataset: 'spend', from: day(6), to: day(0), timezone: 'UTC' });
		expect(Object.keys(body.tables)).toEqual([
			'daily_total',
			'per_model',
			'per_user',
			'per_team',
			'budgets'
		]);
		expect(body.tables.daily_total).toHaveLength(7);
		for (const r of body.tables.daily_total)
			expect(r.spend_usd).toBe((await h.writer.zScore(KEYS.spendTotal, r.date)) ?? 0);
		const search = body.tables.per_team.filter((t: { team: string }) => t.team === 'search');
		expect(search.map((t: { spend_usd: number }) => t.spend_usd)).toEqual([1, 2, 3, 4, 5]);
	});

	it('Excel: a summary sheet and one typed sheet per table, header frozen and styled', async () => {
		const res = await get(`spend.xlsx?from=${day(6)}&to=${day(0)}`);
		expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await res.arrayBuffer());
		expect(wb.worksheets.map((w) => w.name)).toEqual([
			'Summary',
			'daily_total',
			'per_model',
			'per_user',
			'per_team',
			'budgets'
		]);
		const ws = wb.getWorksheet('per_user')!;
		expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(ws.getRow(1).font?.bold).toBe(true);
		expect(ws.getColumn(1).width).toBeGreaterThan(10);
		const rows = ws.getSheetValues().slice(2) as unknown[][];
		const alice = rows.filter((r) => r[1] === 'alice');
		expect(alice).toHaveLength(5);
		for (const r of alice) {
			expect(r[3]).toBeInstanceOf(Date);
			expect(typeof r[4]).toBe('number');
			expect(r[4]).toBe(
				await h.writer.zScore(spendUserKey('alice'), (r[3] as Date).toISOString().slice(0, 10))
			);
		}
		expect(rows.find((r) => r[1] !== 'alice')![1]).toBe(`'${EVIL_USER}`);
	});

	it('security: redacted in every format, timestamps carry the zone', async () => {
		for (const f of ['csv', 'json', 'xlsx']) {
			const res = await get(`security.${f}`);
			expect(res.status).toBe(200);
			const ab = await res.arrayBuffer();
			let text = Buffer.from(ab).toString('utf8');
			if (f === 'xlsx') {
				const wb = new ExcelJS.Workbook();
				await wb.xlsx.load(ab);
				text = JSON.stringify(wb.worksheets.map((w) => w.getSheetValues()));
			}
			expect(text).not.toMatch(/4111 1111|bob@example\.com/);
			expect(text).toContain('[CREDIT_CARD]');
		}
		const json = await (await get('security.json')).json();
		expect(json.tables.incidents[0].time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
		expect(json.tables.incidents[0].preview).toBe('card [CREDIT_CARD] and -2+3');
	});

	it('every dataset exports in every format, with the tables the UI offers', async () => {
		for (const ds of Object.keys(EXPORT_TABLES) as (keyof typeof EXPORT_TABLES)[]) {
			for (const f of ['csv', 'xlsx'])
				expect((await get(`${ds}.${f}`)).status, `${ds}.${f}`).toBe(200);
			const body = await (await get(`${ds}.json`)).json();
			expect(Object.keys(body.tables), ds).toEqual([...EXPORT_TABLES[ds]]);
		}
	});

	it('refuses bad parameters with a clear 400', async () => {
		for (const [path, msg] of [
			['money.csv', /unknown dataset "money"; datasets: spend, users, cache, security, system/],
			['spend.pdf', /unknown format "pdf"/],
			['spend', /expected \/api\/export\/<dataset>\.<format>/],
			['spend.csv?from=yesterday', /from must be a date like 2026-01-31/],
			['spend.csv?from=2026-02-30', /from must be a date/],
			['spend.csv?from=2026-03-01&to=2026-02-01', /from \(2026-03-01\) is after to \(2026-02-01\)/],
			['spend.csv?from=2020-01-01&to=2026-01-01', /at most 800/],
			['spend.csv?table=nope', /unknown table "nope" for spend; tables: daily_total/]
		] as const) {
			const res = await get(path);
			expect(res.status, path).toBe(400);
			expect((await res.json()).error, path).toMatch(msg);
		}
	});

	it('is switched off entirely by ENABLE_EXPORTS=false', async () => {
		const off = await startHarness(inject('redisUrl'), { ENABLE_EXPORTS: 'false' });
		try {
			const res = await fetch(`${off.baseUrl}/api/export/spend.csv`);
			expect(res.status).toBe(404);
		} finally {
			await off.close();
		}
	});
});
