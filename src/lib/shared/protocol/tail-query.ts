// The tail's filter in a page's query string (?model=gpt-4o&status=error&minLatencyMs=2000),
// so a link reproduces the view. Values are validated by tailFilterSchema afterwards.
import { tailFilterSchema, type TailFilter } from './tail.ts';

const NUMBERS = new Set(['minLatencyMs', 'minCostUsd']);
/** every filter field, in the schema's order */
const KEYS = tailFilterSchema.keyof().options;

export function filterFromQuery(q: URLSearchParams): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const k of KEYS) {
		const v = q.get(k);
		if (v === null || v === '') continue;
		out[k] = NUMBERS.has(k) ? Number(v) : v;
	}
	return out;
}

export function filterToQuery(f: TailFilter): string {
	const q = new URLSearchParams();
	for (const k of KEYS) {
		const v = f[k];
		if (v !== undefined && v !== '') q.set(k, String(v));
	}
	const s = q.toString();
	return s ? `?${s}` : '';
}
