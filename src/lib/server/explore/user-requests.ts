// A user's request figures over the page's range, from helix:events itself: the rollups keep
// no per-user series (one per user per tier would be 200,000 series), so the user's page reads
// the stream newest first through the tail's filter, in bounded pages. Bounded: at most
// USER_SCAN_PAGES × TAIL_SCAN_MAX entries (20,000) are read per load; the answer says whether
// it covered the whole range or stopped, and where (the figures are then "the newest N").
import type { TailRow } from '../../shared/protocol/tail.ts';
import type { UserRequestStats } from '../../shared/protocol/entities.ts';
import { LatencySketch } from '../history/sketch.ts';
import type { TailService } from './tail.ts';

export const USER_SCAN_PAGES = 4;

export function statsOf(rows: TailRow[]): Omit<UserRequestStats, 'complete' | 'oldest'> {
	const lat = new LatencySketch();
	const ttft = new LatencySketch();
	let exact = 0;
	let semantic = 0;
	let spend = 0;
	let saved = 0;
	let tokens = 0;
	let withTokens = 0;
	let withStatus = 0;
	let errors = 0;
	for (const r of rows) {
		lat.add(r.latencyMs);
		if (r.ttftMs !== null) ttft.add(r.ttftMs);
		if (r.outcome === 'exact') exact++;
		else if (r.outcome === 'semantic') semantic++;
		spend += r.costUsd;
		saved += r.savedUsd;
		if (r.tokensIn !== null || r.tokensOut !== null) {
			tokens += (r.tokensIn ?? 0) + (r.tokensOut ?? 0);
			withTokens++;
		}
		if (r.status !== null) {
			withStatus++;
			if (r.status === 'error') errors++;
		}
	}
	const n = rows.length;
	return {
		requests: n,
		exactRate: n ? exact / n : null,
		semanticRate: n ? semantic / n : null,
		spendUsd: spend,
		savedUsd: saved,
		latencyMs: { p50: lat.quantile(0.5), p95: lat.quantile(0.95), p99: lat.quantile(0.99) },
		ttftP95Ms: ttft.quantile(0.95),
		tokens: withTokens ? tokens : null,
		errorRate: withStatus ? errors / withStatus : null
	};
}

export async function userRequestStats(
	tail: TailService,
	user: string,
	teams: string[] | null,
	from: number,
	to: number
): Promise<UserRequestStats> {
	const r = await tail.range({ user }, teams, from, to, {
		maxRows: Infinity,
		maxPages: USER_SCAN_PAGES
	});
	return { ...statsOf(r.rows), complete: r.stop === null, oldest: r.stop?.at ?? null };
}
