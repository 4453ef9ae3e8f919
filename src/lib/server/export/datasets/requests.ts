// The requests dataset: the request tail's rows for a filter and a range (already redacted:
// they are TailRows, explore/tail.ts), newest first.
import { filterToQuery } from '../../../shared/protocol/tail-query.ts';
import type { RequestsExport } from '../../explore/tail-export.ts';
import type { Dataset } from '../table.ts';

export function requests(x: RequestsExport): Dataset {
	return {
		name: 'requests',
		title: 'Requests (helix:events)',
		summary: [
			['filter', filterToQuery(x.filter).slice(1) || 'none'],
			['rows', x.rows.length],
			['complete', x.cut ?? 'yes']
		],
		tables: [
			{
				name: 'requests',
				title: 'Requests, newest first',
				columns: [
					{ key: 'id', label: 'stream_id', type: 'string', width: 18 },
					{ key: 'ts', label: 'time', type: 'datetime' },
					{ key: 'model', label: 'model', type: 'string' },
					{ key: 'provider', label: 'provider', type: 'string' },
					{ key: 'user', label: 'user', type: 'string' },
					{ key: 'team', label: 'team', type: 'string' },
					{ key: 'outcome', label: 'outcome', type: 'string' },
					{ key: 'status', label: 'status', type: 'string' },
					{ key: 'error_type', label: 'error_type', type: 'string' },
					{ key: 'latency_ms', label: 'latency_ms', type: 'number' },
					{ key: 'ttft_ms', label: 'ttft_ms', type: 'number' },
					{ key: 'tokens_in', label: 'tokens_in', type: 'number' },
					{ key: 'tokens_out', label: 'tokens_out', type: 'number' },
					{ key: 'cost_usd', label: 'cost_usd', type: 'number' },
					{ key: 'saved_usd', label: 'saved_usd', type: 'number' },
					{ key: 'similarity', label: 'similarity', type: 'number' },
					{ key: 'request_id', label: 'request_id', type: 'string' }
				],
				*rows() {
					for (const r of x.rows)
						yield {
							id: r.id,
							ts: r.ts,
							model: r.model,
							provider: r.provider,
							user: r.user,
							team: r.team,
							outcome: r.outcome,
							status: r.status,
							error_type: r.errorType,
							latency_ms: r.latencyMs,
							ttft_ms: r.ttftMs,
							tokens_in: r.tokensIn,
							tokens_out: r.tokensOut,
							cost_usd: r.costUsd,
							saved_usd: r.savedUsd,
							similarity: r.similarity,
							request_id: r.requestId
						};
				}
			}
		]
	};
}
