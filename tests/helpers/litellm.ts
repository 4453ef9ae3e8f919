// The LiteLLM callback's test material, shared by the one-Redis and the cluster tests:
// StandardLoggingPayload-shaped requests, the same requests for the Node recorder, and a
// dump of every key (type, members, scores, stream fields) to compare the two writers.
import { createClient } from 'redis';
import type { RequestRecord } from '../../src/lib/recorder/recorder.ts';

export const PYTHON = '/usr/bin/python3';

/** StandardLoggingPayload-shaped requests, as LiteLLM hands them to a callback */
export const t0 = 1_795_790_000;
export const payloads = [
	{
		model: 'gpt-4o',
		response_cost: 0.0125,
		startTime: t0 + 0.5,
		endTime: t0 + 1.25,
		cache_hit: false,
		metadata: { user_api_key_user_id: 'alice', user_api_key_team_alias: 'red' },
		prompt_tokens: 12,
		completion_tokens: 40,
		// issue 18's fields: the first token, the provider and the request's id
		completionStartTime: t0 + 0.75,
		custom_llm_provider: 'openai',
		id: 'chatcmpl-1'
	},
	{
		model: 'gpt-4o',
		response_cost: 0,
		saved_cache_cost: 0.0125,
		startTime: t0 + 2,
		endTime: t0 + 2.004,
		cache_hit: true,
		metadata: { user_api_key_user_id: 'alice', user_api_key_team_alias: 'red' }
	},
	{
		model: 'claude-3-5-sonnet',
		response_cost: 0.00000125,
		startTime: t0 + 3,
		endTime: t0 + 5.5,
		cache_hit: true,
		metadata: { user_api_key_user_id: 'bob', 'semantic-similarity': 0.9312 },
		prompt_tokens: 5,
		completion_tokens: 0
	},
	{
		model: 'gpt-4o-mini',
		response_cost: 0.3,
		startTime: t0 + 86_400,
		endTime: t0 + 86_400.1,
		cache_hit: false,
		metadata: {},
		end_user: 'carol'
	},
	{
		model: 'gpt-4o-mini',
		response_cost: 0.1,
		startTime: t0 + 86_401,
		endTime: t0 + 86_401.2,
		cache_hit: null,
		metadata: {}
	},
	{
		// a failed call (async_log_failure_event): status error with a short code
		model: 'gpt-4o',
		response_cost: 0,
		startTime: t0 + 86_402,
		endTime: t0 + 86_402.5,
		cache_hit: false,
		metadata: { user_api_key_user_id: 'alice' },
		status: 'failure',
		error_information: { error_code: '429', error_class: 'RateLimitError' },
		custom_llm_provider: 'openai',
		id: 'chatcmpl-2'
	}
];

/** The same requests for the Node recorder. */
export function asRecord(p: (typeof payloads)[number]): RequestRecord {
	const m = p.metadata as Record<string, unknown>;
	const sim = m['semantic-similarity'];
	return {
		model: p.model,
		user:
			(m.user_api_key_user_id as string | undefined) ??
			(p as { end_user?: string }).end_user ??
			null,
		team: (m.user_api_key_team_alias as string | undefined) ?? null,
		outcome: p.cache_hit ? (typeof sim === 'number' ? 'semantic' : 'exact') : 'miss',
		similarity: typeof sim === 'number' ? sim : null,
		latencyMs: (p.endTime - p.startTime) * 1000,
		costUsd: p.response_cost,
		savedUsd: (p as { saved_cache_cost?: number }).saved_cache_cost ?? 0,
		tokensIn: (p as { prompt_tokens?: number }).prompt_tokens,
		tokensOut: (p as { completion_tokens?: number }).completion_tokens,
		at: Math.round(p.startTime * 1000),
		status: (p as { status?: string }).status === 'failure' ? 'error' : 'ok',
		errorType: (p as { status?: string }).status === 'failure' ? 'rate_limit' : undefined,
		ttftMs:
			'completionStartTime' in p && p.completionStartTime !== undefined
				? Math.round((p.completionStartTime - p.startTime) * 1000 * 1000) / 1000
				: undefined,
		provider: (p as { custom_llm_provider?: string }).custom_llm_provider,
		requestId: (p as { id?: string }).id
	};
}

/** every key of every node (one Redis, or each master of a cluster), sorted by name */
export async function dump(
	nodes: ReturnType<typeof createClient>[]
): Promise<Record<string, unknown>> {
	const out: Record<string, unknown> = {};
	for (const c of nodes) {
		for await (const keys of c.scanIterator({ COUNT: 100 })) {
			for (const k of keys) {
				const type = await c.type(k);
				if (type === 'string') out[k] = await c.get(k);
				else if (type === 'zset') out[k] = await c.zRangeWithScores(k, 0, -1);
				else if (type === 'hash') out[k] = await c.hGetAll(k);
				else if (type === 'stream')
					out[k] = (await c.xRange(k, '-', '+')).map((e) => ({
						ms: e.id.split('-')[0],
						fields: e.message
					}));
				else out[k] = `unexpected type ${type}`;
			}
		}
	}
	return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
