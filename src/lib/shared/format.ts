// Exact figures for display: thousands separators and units, never "12.3K".
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `toLocaleString` with options builds a new Intl.NumberFormat on every call (~20 µs); a
 * table of 200 rows re-rendered 4 times a second spent ~2% of a core doing that. Each
 * (min, max) fraction-digits pair is built once (digits are 0–20: at most a few hundred). */
const decimalFormats = new Map<number, Intl.NumberFormat>();
function decimals(n: number, max: number, min = 0): string {
	const k = min * 32 + max;
	let f = decimalFormats.get(k);
	if (!f) {
		f = new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max });
		decimalFormats.set(k, f);
	}
	return f.format(n);
}

export const EMPTY = '—';

export function formatInt(n: number | null | undefined): string {
	return n === null || n === undefined ? EMPTY : int.format(n);
}

const cents = new Intl.NumberFormat('en-US', {
	style: 'currency',
	currency: 'USD',
	minimumFractionDigits: 2,
	maximumFractionDigits: 2
});
const significant = new Intl.NumberFormat('en-US', {
	style: 'currency',
	currency: 'USD',
	maximumSignificantDigits: 3
});

/**
 * The one money format: $1 and more with cents ($1.64, $1,234,567.89); under $1 three
 * significant digits, at least cents ($0.50, $0.332, $0.00032, $0.0000003), so a non-zero
 * amount never reads as $0.00. Pages set `font-variant-numeric: tabular-nums` (app.css).
 */
export function formatUsd(n: number | null | undefined): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return EMPTY;
	const abs = Math.abs(n);
	if (abs === 0 || abs >= 1) return cents.format(n);
	const s = significant.format(n);
	const decimals = s.length - s.indexOf('.') - 1;
	return s.includes('.') && decimals >= 2 ? s : cents.format(n);
}

/** Full precision for files (exports), without binary-float noise: 0.13839774999999999 → 0.13839775. */
export function exactNumber(n: number): number {
	if (!Number.isFinite(n) || Number.isInteger(n)) return n;
	return Number(n.toFixed(9));
}

/** 0.5499 -> "54.99%" */
export function formatPercent(ratio: number | null | undefined): string {
	if (ratio === null || ratio === undefined) return EMPTY;
	return `${decimals(ratio * 100, 2, 2)}%`;
}

export function formatMs(ms: number | null | undefined): string {
	if (ms === null || ms === undefined) return EMPTY;
	const digits = ms < 10 ? 2 : ms < 100 ? 1 : 0;
	return `${decimals(ms, digits)} ms`;
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
	return `${decimals(v, i === 0 ? 0 : 1)} ${UNITS[i]}`;
}

export function formatPct(pct: number | null | undefined, digits = 1): string {
	if (pct === null || pct === undefined || !Number.isFinite(pct)) return EMPTY;
	return `${decimals(pct, digits, digits)}%`;
}

export function formatDuration(seconds: number | null | undefined): string {
	if (seconds === null || seconds === undefined) return EMPTY;
	const d = Math.floor(seconds / 86400);
	const h = Math.floor((seconds % 86400) / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = Math.floor(seconds % 60);
	return d ? `${d} d ${h} h` : h ? `${h} h ${m} min` : m ? `${m} min ${s} s` : `${s} s`;
}

/** A non-integer figure that is neither money nor a percentage (a rate, a score): `digits` decimals at most. */
export function formatDecimal(n: number | null | undefined, digits = 1): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return EMPTY;
	return decimals(n, digits);
}

/** What a measured value is, so it prints with its unit (alert values, thresholds). */
export type QuantityUnit =
	'per_s' | 'per_h' | 'pct' | 'ms' | 's' | 'usd_per_min' | 'flag' | 'times';

export function formatQuantity(v: number | null | undefined, unit: QuantityUnit): string {
	if (v === null || v === undefined || !Number.isFinite(v)) return EMPTY;
	switch (unit) {
		case 'per_s':
			return `${formatDecimal(v, 2)}/s`;
		case 'per_h':
			return `${formatDecimal(v, 1)}/h`;
		case 'pct':
			return formatPct(v, 1);
		case 'ms':
			return formatMs(v);
		case 's':
			return formatDuration(v);
		case 'usd_per_min':
			return `${formatUsd(v)}/min`;
		case 'flag':
			return v >= 1 ? 'yes' : 'no';
		case 'times':
			return formatBurn(v);
	}
}

/**
 * The change of a figure against the previous period: "▲ 12%", "▼ 3.4%", "no change";
 * "new" when the previous period had none of it, EMPTY when either period is unknown.
 */
export function formatChange(
	cur: number | null | undefined,
	prev: number | null | undefined
): string {
	if (cur === null || cur === undefined || prev === null || prev === undefined) return EMPTY;
	if (prev === 0) return cur === 0 ? 'no change' : 'new';
	const pct = ((cur - prev) / Math.abs(prev)) * 100;
	if (Math.abs(pct) < 0.05) return 'no change';
	const digits = Math.abs(pct) < 10 ? 1 : 0;
	return `${pct > 0 ? '▲' : '▼'} ${decimals(Math.abs(pct), digits)}%`;
}

/** a burn rate: how many times faster than the objective allows the error budget goes ("14.4×") */
export function formatBurn(n: number | null | undefined): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return EMPTY;
	return `${decimals(n, n < 10 ? 2 : 1)}×`;
}
