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
