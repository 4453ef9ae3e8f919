// GET /api/export/<dataset>.<csv|json|xlsx>?from=&to=&table= : parameters validated with
// clear 400s, then a streamed file whose name carries the dataset, the range and the zone.
import { Readable } from 'node:stream';
import { isIsoDate } from '../../shared/contract/parse.ts';
import { dateInZone, zoneLabel, type Zone } from '../../shared/time.ts';
import { dateOfDay, dayNumber } from '../pipeline/day-series.ts';
import type { ExportSources } from './sources.ts';
import { buildDataset, DATASETS, type DatasetName } from './datasets/index.ts';
import { csvStream, jsonStream, xlsxStream } from './formats.ts';
import type { RequestsExport } from '../explore/tail-export.ts';

export const FORMATS = ['csv', 'json', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];
export const MAX_DAYS = 800;

const TYPES: Record<Format, string> = {
	csv: 'text/csv; charset=utf-8',
	json: 'application/json; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
};

export type ExportParse =
	| {
			ok: true;
			dataset: DatasetName;
			format: Format;
			from: number;
			to: number;
			table: string | null;
	  }
	| { ok: false; status: 400; error: string };

export function parseExport(
	file: string,
	q: URLSearchParams,
	now: number,
	zone: Zone
): ExportParse {
	const m = /^([a-z]+)\.([a-z]+)$/.exec(file);
	const bad = (error: string): ExportParse => ({ ok: false, status: 400, error });
	if (!m)
		return bad(
			`expected /api/export/<dataset>.<format>, e.g. spend.csv; datasets: ${DATASETS.join(', ')}; formats: ${FORMATS.join(', ')}`
		);
	const [, dataset, format] = m as unknown as [string, string, string];
	if (!(DATASETS as readonly string[]).includes(dataset))
		return bad(`unknown dataset "${dataset.slice(0, 40)}"; datasets: ${DATASETS.join(', ')}`);
	if (!(FORMATS as readonly string[]).includes(format))
		return bad(`unknown format "${format.slice(0, 10)}"; formats: ${FORMATS.join(', ')}`);
	const today = dayNumber(dateInZone(now, zone));
	const day = (name: string, def: number): number | string => {
		const v = q.get(name);
		if (v === null || v === '') return def;
		return isIsoDate(v)
			? dayNumber(v)
			: `${name} must be a date like 2026-01-31 (got "${v.slice(0, 30)}")`;
	};
	const to = day('to', today);
	if (typeof to === 'string') return bad(to);
	const from = day('from', to - 29);
	if (typeof from === 'string') return bad(from);
	if (from > to) return bad(`from (${dateOfDay(from)}) is after to (${dateOfDay(to)})`);
	if (to - from + 1 > MAX_DAYS)
		return bad(`the range is ${to - from + 1} days; at most ${MAX_DAYS}`);
	const table = q.get('table');
	return { ok: true, dataset: dataset as DatasetName, format: format as Format, from, to, table };
}

export interface ExportFile {
	filename: string;
	contentType: string;
	body: ReadableStream<Uint8Array>;
}

export function exportFile(
	rt: ExportSources,
	p: Extract<ExportParse, { ok: true }>,
	now: number,
	zone: Zone,
	read?: RequestsExport
): ExportFile | { error: string } {
	const ds = buildDataset(rt, p.dataset, { from: p.from, to: p.to }, zone, now, read);
	const label = zoneLabel(zone);
	const range = `${dateOfDay(p.from)}_${dateOfDay(p.to)}`;
	let stream: Readable;
	let name = `helix-${p.dataset}`;
	if (p.format === 'csv') {
		// a CSV holds one table: the first, or ?table=
		const t = p.table ? ds.tables.find((x) => x.name === p.table) : ds.tables[0];
		if (!t)
			return {
				error: `unknown table "${String(p.table).slice(0, 40)}" for ${p.dataset}; tables: ${ds.tables.map((x) => x.name).join(', ')}`
			};
		name += `-${t.name}`;
		stream = csvStream(t, zone);
	} else if (p.format === 'json') {
		stream = jsonStream(
			ds,
			{
				from: dateOfDay(p.from),
				to: dateOfDay(p.to),
				timezone: label,
				generatedAt: new Date(now).toISOString()
			},
			zone
		);
	} else {
		ds.summary.unshift(
			['dataset', ds.title],
			['range', `${dateOfDay(p.from)} to ${dateOfDay(p.to)} (${label})`],
			['generated', new Date(now).toISOString()]
		);
		stream = xlsxStream(ds, zone);
	}
	return {
		filename: `${name}_${range}_${label.replace(':', '')}.${p.format}`,
		contentType: TYPES[p.format],
		body: Readable.toWeb(stream) as ReadableStream<Uint8Array>
	};
}
