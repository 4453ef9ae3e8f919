// CSV (papaparse), JSON and Excel (exceljs streaming writer), each produced as a Node stream
// that pulls rows as the client reads: memory stays flat however many rows there are.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { exactNumber } from '../../shared/format.ts';
import { isoInZone, offsetMinutes, zoneLabel, type Zone } from '../../shared/time.ts';
import { neutralise, type Dataset, type Row, type Table } from './table.ts';

const BATCH = 1_000;

/** A value as a file holds it: numbers at full precision without float noise (exactNumber). */
function cell(v: Row[string], type: string, zone: Zone): string | number | null {
	if (v === null || v === undefined) return null;
	if (type === 'datetime' && typeof v === 'number') return isoInZone(v, zone);
	if (typeof v === 'string') return neutralise(v);
	return typeof v === 'number' ? exactNumber(v) : v;
}

function* batches(table: Table): Generator<Row[]> {
	let batch: Row[] = [];
	for (const r of table.rows()) {
		batch.push(r);
		if (batch.length >= BATCH) {
			yield batch;
			batch = [];
		}
	}
	if (batch.length) yield batch;
}

export function csvStream(table: Table, zone: Zone): Readable {
	const fields = table.columns.map((c) => c.label);
	return Readable.from(
		(function* () {
			yield `${Papa.unparse([fields])}\r\n`;
			for (const b of batches(table)) {
				const data = b.map((r) => table.columns.map((c) => cell(r[c.key] ?? null, c.type, zone)));
				yield `${Papa.unparse(data, { header: false })}\r\n`;
			}
		})()
	);
}

export function jsonStream(ds: Dataset, meta: Record<string, unknown>, zone: Zone): Readable {
	return Readable.from(
		(function* () {
			const summary = Object.fromEntries(
				[...ds.summary].map(([k, v]) => [k, typeof v === 'number' ? exactNumber(v) : v])
			);
			yield `{${JSON.stringify({ dataset: ds.name, ...meta }).slice(1, -1)},"summary":${JSON.stringify(summary)},"tables":{`;
			let firstTable = true;
			for (const t of ds.tables) {
				yield `${firstTable ? '' : ','}${JSON.stringify(t.name)}:[`;
				firstTable = false;
				let first = true;
				for (const b of batches(t)) {
					const out = b.map((r) =>
						JSON.stringify(
							Object.fromEntries(
								t.columns.map((c) => [
									c.key,
									c.type === 'datetime' && typeof r[c.key] === 'number'
										? isoInZone(r[c.key] as number, zone)
										: typeof r[c.key] === 'number'
											? exactNumber(r[c.key] as number)
											: (r[c.key] ?? null)
								])
							)
						)
					);
					yield (first ? '' : ',') + out.join(',');
					first = false;
				}
				yield ']';
			}
			yield '}}\n';
		})()
	);
}

/** A workbook: a summary sheet, then one sheet per table with typed cells, a frozen styled header and widths. */
export function xlsxStream(ds: Dataset, zone: Zone): Readable {
	const label = zoneLabel(zone);
	const out = new PassThrough();
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: true,
		useSharedStrings: false
	});
	const header = (ws: ExcelJS.Worksheet) => {
		const h = ws.getRow(1);
		h.font = { bold: true, color: { argb: 'FFFFFFFF' } };
		h.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF4B3FB5' } };
		h.commit();
	};
	void (async () => {
		try {
			const summary = wb.addWorksheet('Summary', { views: [{ state: 'frozen', ySplit: 1 }] });
			summary.columns = [
				{ header: 'item', key: 'k', width: 32 },
				{ header: 'value', key: 'v', width: 60 }
			];
			header(summary);
			for (const [k, v] of ds.summary)
				summary
					.addRow({
						k,
						v: typeof v === 'string' ? neutralise(v) : typeof v === 'number' ? exactNumber(v) : v
					})
					.commit();
			summary.commit();
			for (const t of ds.tables) {
				const ws = wb.addWorksheet(t.name.slice(0, 31), {
					views: [{ state: 'frozen', ySplit: 1 }]
				});
				ws.columns = t.columns.map((c) => ({
					header: c.type === 'datetime' ? `${c.label} (${label})` : c.label,
					key: c.key,
					width: c.width ?? (c.type === 'string' ? 24 : 16),
					style:
						c.type === 'date'
							? { numFmt: 'yyyy-mm-dd' }
							: c.type === 'datetime'
								? { numFmt: 'yyyy-mm-dd hh:mm:ss' }
								: c.type === 'number'
									? { numFmt: '#,##0.######' }
									: {}
				}));
				header(ws);
				for (const b of batches(t)) {
					for (const r of b) {
						const values: Record<string, unknown> = {};
						for (const c of t.columns) {
							const v = r[c.key];
							if (v === null || v === undefined) continue;
							// dates as real date cells; datetimes shifted to the dashboard zone (Excel has no zones)
							if (c.type === 'date' && typeof v === 'string')
								values[c.key] = new Date(`${v}T00:00:00Z`);
							else if (c.type === 'datetime' && typeof v === 'number')
								values[c.key] = new Date(v + offsetMinutes(v, zone) * 60_000);
							else
								values[c.key] =
									typeof v === 'string'
										? neutralise(v)
										: typeof v === 'number'
											? exactNumber(v)
											: v;
						}
						ws.addRow(values).commit();
					}
					// let the zip stream drain before producing more rows
					if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r));
				}
				ws.commit();
			}
			await wb.commit();
		} catch (err) {
			out.destroy(err as Error);
		}
	})();
	return out;
}
