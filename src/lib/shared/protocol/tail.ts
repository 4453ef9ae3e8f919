// The live request tail (/requests): a row per helix:events entry, the filters the server
// applies before a row is sent, and the requests a browser makes (watch after an id, page
// back before one). Rows carry the stream id: that is what makes the tail lossless (a
// reconnecting browser asks for what came after the last id it has).
import { z } from 'zod';
import type { CacheOutcome, RequestStatus } from '../contract/parse.ts';

/** A stream entry id, "ms-seq". */
export const STREAM_ID = /^\d{1,15}-\d{1,15}$/;
const streamId = z.string().regex(STREAM_ID, 'a stream id is "<ms>-<seq>"');

const text = (what: string, max: number) =>
	z
		.string({ error: `${what} must be text` })
		.trim()
		.max(max, `${what} is at most ${max} characters`);

export const tailFilterSchema = z
	.object({
		model: text('model', 200).optional(),
		user: text('user', 200).optional(),
		team: text('team', 200).optional(),
		outcome: z
			.enum(['exact', 'semantic', 'miss'], { error: 'outcome: exact, semantic or miss' })
			.optional(),
		status: z.enum(['ok', 'error'], { error: 'status: ok or error' }).optional(),
		errorType: text('errorType', 40).optional(),
		minLatencyMs: z
			.number({ error: 'minLatencyMs must be a number of ms' })
			.min(0)
			.max(86_400_000)
			.optional(),
		minCostUsd: z
			.number({ error: 'minCostUsd must be a number of USD' })
			.min(0)
			.max(1_000_000)
			.optional(),
		/** part of the request id, the user, the model or the provider (case-insensitive) */
		text: text('text', 100).optional()
	})
	.strict();
export type TailFilter = z.infer<typeof tailFilterSchema>;

/** rows at most per page back (and per backfill answer) */
export const TAIL_PAGE_MAX = 200;
/** stream entries one request reads at most, matched or not (a narrow filter pages on) */
export const TAIL_SCAN_MAX = 5_000;

export const tailWatchSchema = z
	.object({
		filter: tailFilterSchema.default({}),
		/** the newest id the browser has: rows after it are sent back first (a reconnect) */
		after: streamId.optional()
	})
	.strict();
export type TailWatch = z.input<typeof tailWatchSchema>;

export const tailPageSchema = z
	.object({
		filter: tailFilterSchema.default({}),
		/** rows older than this id (none: the newest) */
		before: streamId.optional(),
		limit: z.number().int().min(1).max(TAIL_PAGE_MAX).default(100)
	})
	.strict();
export type TailPageRequest = z.input<typeof tailPageSchema>;

/** One request as the tail shows it: every field of the entry, strings redacted. */
export interface TailRow {
	/** the helix:events entry id */
	id: string;
	ts: number;
	model: string;
	user: string;
	team: string | null;
	outcome: CacheOutcome;
	status: RequestStatus | null;
	errorType: string | null;
	latencyMs: number;
	ttftMs: number | null;
	tokensIn: number | null;
	tokensOut: number | null;
	costUsd: number;
	savedUsd: number;
	similarity: number | null;
	provider: string | null;
	requestId: string | null;
}

/** Rows in stream order, and where the read stopped: `cursor` is the last entry looked at. */
export interface TailBatch {
	rows: TailRow[];
	/** more entries lie beyond the cursor (ask again from it) */
	more: boolean;
	cursor: string | null;
	/** a first page (no `before`): the stream's newest id when it was read, matched or not */
	head?: string | null;
}

export function matches(f: TailFilter, r: TailRow): boolean {
	if (f.model && r.model !== f.model) return false;
	if (f.user && r.user !== f.user) return false;
	if (f.team && r.team !== f.team) return false;
	if (f.outcome && r.outcome !== f.outcome) return false;
	if (f.status && (r.status ?? 'ok') !== f.status) return false;
	if (f.errorType && r.errorType !== f.errorType) return false;
	if (f.minLatencyMs !== undefined && r.latencyMs < f.minLatencyMs) return false;
	if (f.minCostUsd !== undefined && r.costUsd < f.minCostUsd) return false;
	if (f.text) {
		const q = f.text.toLowerCase();
		const hay = [r.requestId, r.user, r.model, r.provider];
		if (!hay.some((h) => h?.toLowerCase().includes(q))) return false;
	}
	return true;
}
