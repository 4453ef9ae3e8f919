// The shape every export is built from: named tables with typed columns and lazily
// produced rows (a 900,000-row per-user-per-day table is never held in memory).
export type ColumnType = 'string' | 'number' | 'date' | 'datetime';

export interface Column {
	key: string;
	label: string;
	type: ColumnType;
	/** Excel column width in characters */
	width?: number;
}

export type Row = Record<string, string | number | null>;

export interface Table {
	name: string;
	title: string;
	columns: Column[];
	rows: () => Iterable<Row>;
}

export interface Dataset {
	name: string;
	title: string;
	tables: Table[];
	/** lines for the summary sheet / JSON header */
	summary: [string, string | number][];
}

/** CSV/Excel formula injection: a cell that starts with = + - @ (or a tab/CR) is text, not a formula. */
export function neutralise(s: string): string {
	return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
