// Exact figures for display: thousands separators and units, never "12.3K".
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const EMPTY = '—';

export function formatInt(n: number | null | undefined): string {
	return n === null || n === undefined ? EMPTY : int.format(n);
}

/** USD with cents; small amounts keep enough digits to stay non-zero ($0.00032). */
export function formatUsd(n: number | null | undefined): string {
	if (n === null || n === undefined) return EMPTY;
	const abs = Math.abs(n);
	const max = abs >= 100 || abs === 0 ? 2 : abs >= 0.01 ? 4 : 6;
	return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: max })}`;
}

/** 0.5499 -> "54.99%" */
export function formatPercent(ratio: number | null | undefined): string {
	if (ratio === null || ratio === undefined) return EMPTY;
	return `${(ratio * 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`;
}

export function formatMs(ms: number | null | undefined): string {
	if (ms === null || ms === undefined) return EMPTY;
	const digits = ms < 10 ? 2 : ms < 100 ? 1 : 0;
	return `${ms.toLocaleString('en-US', { maximumFractionDigits: digits })} ms`;
}

/** "12 s ago", "3 min ago", "2 h ago" */
export function formatAge(ms: number | null): string {
	if (ms === null) return EMPTY;
	const s = Math.max(0, Math.round(ms / 1000));
	if (s < 120) return `${s} s ago`;
	if (s < 7200) return `${Math.round(s / 60)} min ago`;
	return `${Math.round(s / 3600)} h ago`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 -> "1.5 KiB" (binary units, one decimal) */
export function formatBytes(n: number | null | undefined): string {
	if (n === null || n === undefined) return EMPTY;
	let v = n;
	let i = 0;
	while (Math.abs(v) >= 1024 && i < UNITS.length - 1) {
		v /= 1024;
		i++;
	}
	return `${v.toLocaleString('en-US', { maximumFractionDigits: i === 0 ? 0 : 1 })} ${UNITS[i]}`;
}

export function formatPct(pct: number | null | undefined, digits = 1): string {
	if (pct === null || pct === undefined) return EMPTY;
	return `${pct.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}%`;
}

export function formatDuration(seconds: number | null | undefined): string {
	if (seconds === null || seconds === undefined) return EMPTY;
	const d = Math.floor(seconds / 86400);
	const h = Math.floor((seconds % 86400) / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = Math.floor(seconds % 60);
	return d ? `${d} d ${h} h` : h ? `${h} h ${m} min` : m ? `${m} min ${s} s` : `${s} s`;
}
