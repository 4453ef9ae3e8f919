// The request tail's export (issue 18): the rows matching the page's filter over a range of
// days, read from helix:events newest first in bounded pages (TAIL_SCAN_MAX entries each).
// Bounded: at most MAX_EXPORT_ROWS rows are held (~300 bytes each: ~15 MB) and at most
// MAX_EXPORT_SCAN entries read; the file says when it was cut and where.
import { TAIL_SCAN_MAX, type TailFilter, type TailRow } from '../../shared/protocol/tail.ts';
import type { TailService } from './tail.ts';

export const MAX_EXPORT_ROWS = 50_000;
export const MAX_EXPORT_SCAN = 100 * TAIL_SCAN_MAX;

export interface RequestsExport {
	filter: TailFilter;
	rows: TailRow[];
	/** null: every matching entry of the range is in the file; else why and where it stopped */
	cut: string | null;
}

export async function collectRequests(
	tail: TailService,
	filter: TailFilter,
	teams: string[] | null,
	fromMs: number,
	toMs: number
): Promise<RequestsExport> {
	const r = await tail.range(filter, teams, fromMs, toMs, {
		maxRows: MAX_EXPORT_ROWS,
		maxPages: MAX_EXPORT_SCAN / TAIL_SCAN_MAX
	});
	const cut =
		r.stop?.by === 'rows'
			? `cut at ${MAX_EXPORT_ROWS} rows (the newest)`
			: r.stop
				? `stopped after reading ${MAX_EXPORT_SCAN} entries, at stream id ${r.stop.at}: narrow the range or the filter`
				: null;
	return { filter, rows: r.rows, cut };
}
