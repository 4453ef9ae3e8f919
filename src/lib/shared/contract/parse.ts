// The Redis data contract, part two: how each variant that real gateways write is parsed.
// Untrusted input: every parser returns a value or a short error, never throws past here.
import { parseTimestamp as parseInstant } from '../time.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** Keep error messages short: the offending value may be huge or binary. */
export function preview(raw: string, max = 40): string {
	const clean = raw.replace(/[^\x20-\x7e]/g, '?');
	return clean.length > max ? `${clean.slice(0, max)}…(${raw.length} chars)` : clean;
}

/** An INCR counter. A missing key is 0 requests, not an error. */
/** INCR stops at 2^63 − 1: anything larger is not a Redis counter. */
const INT64_MAX = '9223372036854775807';

export function parseCounter(raw: string | null): Parsed<number> {
	if (raw === null) return ok(0);
	const digits = /^\d{1,19}$/.test(raw) ? raw.replace(/^0+(?=\d)/, '') : null;
	if (digits === null || (digits.length === 19 && digits > INT64_MAX))
		return bad(`not a non-negative integer: "${preview(raw)}"`);
	return ok(Number(digits));
}

/** a request slower than a day is not a latency; a number beyond it is a data problem */
export const MAX_SECONDS = 86_400;

/** helix:latency:p99 holds seconds (a float); null when absent. */
export function parseSeconds(raw: string | null): Parsed<number | null> {
	if (raw === null) return ok(null);
	const n = Number(raw);
	if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > MAX_SECONDS)
		return bad(`not a duration in seconds: "${preview(raw)}"`);
	return ok(n);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar date YYYY-MM-DD. Arithmetic only: it runs for millions of zset members. */
export function isIsoDate(s: string): boolean {
	const m = DATE_RE.exec(s);
	if (!m) return false;
	const y = +m[1]!;
	const mo = +m[2]!;
	const d = +m[3]!;
	if (mo < 1 || mo > 12 || d < 1) return false;
	const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
	return d <= MONTH_DAYS[mo - 1]! + (leap ? 1 : 0);
}

export interface DailySeries {
	/** date (YYYY-MM-DD, the gateway's local date) -> USD */
	days: Map<string, number>;
	/** members skipped because the date or the amount was not valid */
	skipped: number;
	/** valid members dated outside the window the dashboard reads */
	outside: number;
}

/** A spend-style sorted set: member = YYYY-MM-DD, score = USD for that day. */
/** tokens of one request, and USD of one request, beyond reason */
export const MAX_TOKENS = 1e9;
export const MAX_REQUEST_USD = 1e6;

/** USD for one day of one key beyond reason ($1e308 spent today): a data problem, not a figure */
export const MAX_DAILY_USD = 1e9;

/**
 * The dates a daily set may hold: a member dated 0001-01-01 or 9999-12-31 would size every
 * per-day array by its span (millions of days). Outside the window is a data problem.
 */
export interface DateWindow {
	from: string;
	to: string;
}

export function parseDailyZset(
	entries: { value: string; score: number }[],
	window?: DateWindow
): DailySeries {
	const days = new Map<string, number>();
	let skipped = 0;
	let outside = 0;
	for (const { value, score } of entries) {
		if (!isIsoDate(value) || !Number.isFinite(score) || score < 0 || score > MAX_DAILY_USD) {
			skipped++;
			continue;
		}
		if (window && (value < window.from || value > window.to)) {
			outside++;
			continue;
		}
		days.set(value, score);
	}
	return { days, skipped, outside };
}

export type CacheOutcome = 'exact' | 'semantic' | 'miss';

/** One gateway request, as written by the recorder to the helix:events stream. */
export interface GatewayEvent {
	/** ms since epoch, from the stream entry id */
	ts: number;
	model: string;
	user: string;
	team: string | null;
	outcome: CacheOutcome;
	latencyMs: number;
	similarity: number | null;
	tokensIn: number | null;
	tokensOut: number | null;
	costUsd: number;
	savedUsd: number;
	/** optional fields (issue 18; older entries lack them): null when not written */
	status: RequestStatus | null;
	/** a short code, e.g. rate_limit, timeout, provider_5xx, content_filter */
	errorType: string | null;
	/** time to first token, ms */
	ttftMs: number | null;
	provider: string | null;
	/** the gateway's opaque id of the request */
	requestId: string | null;
}

export type RequestStatus = 'ok' | 'error';

/** A short lower-case code (error_type): anything else is a data problem, not free text. */
const CODE = /^[a-z0-9][a-z0-9_.-]{0,39}$/;

/** An optional short text field, cut at `max` characters (a request id, a provider). */
function text(v: string | undefined, max: number): string | null {
	if (v === undefined || v === '') return null;
	return v.length > max ? v.slice(0, max) : v;
}

/** Stream ids compare as (ms, seq) pairs, not as strings. */
export function streamIdAfter(a: string, b: string | null): boolean {
	if (b === null) return true;
	const [am = 0, as = 0] = a.split('-').map(Number);
	const [bm = 0, bs = 0] = b.split('-').map(Number);
	return am > bm || (am === bm && as > bs);
}

export function streamIdTime(id: string): number | null {
	const ms = Number(id.split('-')[0]);
	return Number.isSafeInteger(ms) && ms >= 0 ? ms : null;
}

function num(
	raw: string | undefined,
	field: string,
	opts: { optional?: boolean; max?: number } = {}
): number | null {
	if (raw === undefined || raw === '') {
		if (opts.optional) return null;
		throw new Error(`missing ${field}`);
	}
	const n = Number(raw);
	if (!Number.isFinite(n) || n < 0 || (opts.max !== undefined && n > opts.max)) {
		throw new Error(`bad ${field}: "${preview(raw)}"`);
	}
	return n;
}

function status(v: string | undefined): RequestStatus | null {
	if (v === undefined || v === '') return null;
	if (v === 'ok' || v === 'error') return v;
	throw new Error(`bad status: "${preview(v)}" (ok or error)`);
}

function code(v: string | undefined): string | null {
	if (v === undefined || v === '') return null;
	if (!CODE.test(v)) throw new Error(`bad error_type: "${preview(v)}" (a short lower-case code)`);
	return v;
}

export function parseEvent(id: string, f: Record<string, string>): Parsed<GatewayEvent> {
	const ts = streamIdTime(id);
	if (ts === null) return bad(`bad stream id ${preview(id)}`);
	const outcome = f.outcome;
	if (outcome !== 'exact' && outcome !== 'semantic' && outcome !== 'miss') {
		return bad(`bad outcome: "${preview(String(outcome))}"`);
	}
	try {
		return ok({
			ts,
			model: f.model || 'unknown',
			user: f.user || 'None',
			team: f.team || null,
			outcome,
			// every number has a range a real request stays in: beyond it is a data problem
			latencyMs: num(f.latency_ms, 'latency_ms', { max: MAX_SECONDS * 1000 })!,
			similarity: num(f.similarity, 'similarity', { optional: true, max: 1 }),
			tokensIn: num(f.tokens_in, 'tokens_in', { optional: true, max: MAX_TOKENS }),
			tokensOut: num(f.tokens_out, 'tokens_out', { optional: true, max: MAX_TOKENS }),
			costUsd: num(f.cost_usd, 'cost_usd', { optional: true, max: MAX_REQUEST_USD }) ?? 0,
			savedUsd: num(f.saved_usd, 'saved_usd', { optional: true, max: MAX_REQUEST_USD }) ?? 0,
			status: status(f.status),
			errorType: code(f.error_type),
			ttftMs: num(f.ttft_ms, 'ttft_ms', { optional: true, max: MAX_SECONDS * 1000 }),
			provider: text(f.provider, 100),
			requestId: text(f.request_id, 200)
		});
	} catch (e) {
		return bad((e as Error).message);
	}
}

/** A PII incident, normalised from any of the three shapes gateways write. */
export interface RawIncident {
	userId: string;
	/** ms since epoch, or null when missing or unparseable */
	ts: number | null;
	entityType: string | null;
	action: string | null;
	/** every free-text field, UNREDACTED: must be redacted before it leaves the server */
	texts: Record<string, string>;
}

const INCIDENT_META = new Set(['user_id', 'timestamp', 'entity_type', 'entity', 'action']);

/**
 * Seconds or ms since the epoch, or an ISO-8601 text. A text without a zone is UTC (the
 * published gateway writes `datetime.utcnow().isoformat()`): never the host's TZ.
 */
function parseTimestamp(v: unknown): number | null {
	if (typeof v === 'number' && Number.isFinite(v)) return v < 1e12 ? v * 1000 : v; // seconds or ms
	if (typeof v === 'string' && v !== '') {
		const t = /^\d+(\.\d+)?$/.test(v) ? parseTimestamp(Number(v)) : parseInstant(v);
		return t !== null && Number.isFinite(t) ? t : null;
	}
	return null;
}

export function parseIncident(raw: string): Parsed<RawIncident> {
	let obj: unknown;
	try {
		obj = JSON.parse(raw);
	} catch {
		// no excerpt of the record: it may be raw PII
		return bad(`not JSON (${raw.length} chars)`);
	}
	if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
		return bad(`not a JSON object (${raw.length} chars)`);
	const o = obj as Record<string, unknown>;
	const entity = o.entity_type ?? o.entity;
	const texts: Record<string, string> = {};
	for (const [k, v] of Object.entries(o)) {
		if (!INCIDENT_META.has(k) && typeof v === 'string') texts[k] = v;
	}
	return ok({
		userId: o.user_id === undefined || o.user_id === null ? 'None' : String(o.user_id),
		ts: parseTimestamp(o.timestamp),
		entityType: typeof entity === 'string' && entity !== '' ? entity : null,
		action: typeof o.action === 'string' ? o.action : null,
		texts
	});
}

/** Exact-cache entries are a hash (README) or a plain JSON string (published gateway). */
export interface ExactEntry {
	model: string | null;
	costUsd: number | null;
	createdAt: number | null;
}

export function parseExactEntry(value: string | Record<string, string>): ExactEntry {
	if (typeof value === 'string') {
		try {
			const o = JSON.parse(value) as Record<string, unknown>;
			return {
				model: typeof o?.model === 'string' ? o.model : null,
				costUsd: null,
				createdAt: parseTimestamp(o?.created ?? o?.created_at)
			};
		} catch {
			return { model: null, costUsd: null, createdAt: null };
		}
	}
	const cost = Number(value.cost_usd);
	return {
		model: value.model ?? null,
		costUsd: value.cost_usd !== undefined && Number.isFinite(cost) ? cost : null,
		createdAt: parseTimestamp(value.created_at)
	};
}
