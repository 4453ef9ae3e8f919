// The recorder: what a Node gateway calls once per request to write every key of the data
// contract, atomically (MULTI), in the shapes the dashboard reads. Given a Redis Cluster
// client it writes one MULTI per hash slot instead (slot-batch.ts says why); build that
// client with `defaults: { disableOfflineQueue: true }` so that after a failover the
// recorder sees the dead master fail and re-reads the slot map, instead of queueing for it
// forever. The traffic simulator uses it; so can a real gateway. Mirrors the published
// gateway's writes (docs/data-contract.md) and adds the richer keys (helix:events,
// helix:saved:total, helix:user:team).
import { randomUUID } from 'node:crypto';
import type { createClient } from 'redis';
import { slotBatch, type Cluster, type Multi } from './slot-batch.ts';
import {
	KEYS,
	exactKey,
	hitsUserKey,
	requestsUserKey,
	spendModelKey,
	spendUserKey,
	vectorKey
} from '../shared/contract/keys.ts';
import { type CacheOutcome, type RequestStatus } from '../shared/contract/parse.ts';
import { dateInZone, fixedZone, type Zone } from '../shared/time.ts';

type Client = ReturnType<typeof createClient>;

/** A MULTI on one Redis, or its per-slot stand-in on a cluster. */
export function batchFor(client: Client | Cluster): Multi {
	return isCluster(client) ? slotBatch(client) : client.multi();
}

const isCluster = (c: Client | Cluster): c is Cluster => 'masters' in c;

export interface RequestRecord {
	model: string;
	/** null/undefined is written as the literal "None", as the published gateway does */
	user?: string | null;
	team?: string | null;
	outcome: CacheOutcome;
	latencyMs: number;
	/** best semantic similarity seen (hit or near-miss), 0..1 */
	similarity?: number | null;
	tokensIn?: number;
	tokensOut?: number;
	costUsd: number;
	/** what a cache hit would have cost */
	savedUsd?: number;
	/** on a miss, the new cache entries to store */
	cache?: { exactHash: string; response: string; prompt: string; ttlS: number };
	/** ms epoch; defaults to now */
	at?: number;
	/** ok, or error (with errorType): the golden signals' errors */
	status?: RequestStatus;
	/** a short code: rate_limit, timeout, provider_5xx, content_filter… */
	errorType?: string;
	/** time to first token, ms */
	ttftMs?: number;
	provider?: string;
	/** the gateway's id of the request */
	requestId?: string;
}

export interface IncidentRecord {
	user?: string | null;
	action: string;
	/** free text as the gateway saw it: may hold raw PII (the dashboard redacts) */
	contentPreview: string;
	entityType?: string;
	at?: number;
}

export interface RecorderOptions {
	/** the gateway's zone (IANA name or "+05:30"): its local date keys the spend sorted sets */
	timezone?: Zone;
	/** older form: hours east of UTC, a fixed zone (used when `timezone` is not given) */
	timezoneOffset?: number;
	/** approximate cap of helix:events */
	eventsMaxLen?: number;
}

/** Sets helix:latency:p99 only when larger: it is the all-time maximum, in seconds. */
const SET_IF_LARGER = `local c = tonumber(redis.call('GET', KEYS[1]))
if (not c) or c < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
return 0`;

const round = (n: number) => Number(n.toFixed(9));

export function addRequest(m: Multi, r: RequestRecord, opts: RecorderOptions = {}): Multi {
	const at = r.at ?? Date.now();
	const date = dateInZone(at, opts.timezone ?? fixedZone(opts.timezoneOffset ?? 0));
	const user = r.user ?? 'None';
	m.incr(KEYS.requestsTotal);
	m.zIncrBy(requestsUserKey(user), 1, date);
	if (r.outcome !== 'miss') {
		m.incr(KEYS.cacheHits);
		m.zIncrBy(hitsUserKey(user), 1, date);
	}
	m.eval(SET_IF_LARGER, { keys: [KEYS.latencyMax], arguments: [String(r.latencyMs / 1000)] });
	if (r.costUsd > 0) {
		m.zIncrBy(KEYS.spendTotal, round(r.costUsd), date);
		m.zIncrBy(spendUserKey(user), round(r.costUsd), date);
		m.zIncrBy(spendModelKey(r.model), round(r.costUsd), date);
	}
	if (r.savedUsd && r.savedUsd > 0) m.zIncrBy(KEYS.savedTotal, round(r.savedUsd), date);
	if (r.team) m.hSet(KEYS.userTeams, user, r.team);
	const fields: Record<string, string> = {
		model: r.model,
		user,
		outcome: r.outcome,
		latency_ms: String(Math.round(r.latencyMs * 1000) / 1000),
		cost_usd: String(round(r.costUsd)),
		saved_usd: String(round(r.savedUsd ?? 0))
	};
	if (r.team) fields.team = r.team;
	if (r.similarity !== undefined && r.similarity !== null)
		fields.similarity = r.similarity.toFixed(4);
	if (r.tokensIn !== undefined) fields.tokens_in = String(r.tokensIn);
	if (r.tokensOut !== undefined) fields.tokens_out = String(r.tokensOut);
	fields.status = r.status ?? 'ok';
	if (r.errorType) fields.error_type = r.errorType;
	if (r.ttftMs !== undefined) fields.ttft_ms = String(Math.round(r.ttftMs * 1000) / 1000);
	if (r.provider) fields.provider = r.provider;
	if (r.requestId) fields.request_id = r.requestId;
	m.xAdd(KEYS.events, r.at ? `${r.at}-*` : '*', fields, {
		TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: opts.eventsMaxLen ?? 100_000 }
	});
	if (r.cache) {
		// the published gateway: exact entries are plain JSON strings with a TTL, semantic ones hashes
		m.setEx(exactKey(r.cache.exactHash), r.cache.ttlS, r.cache.response);
		const vk = vectorKey(randomUUID());
		m.hSet(vk, {
			prompt: r.cache.prompt,
			model: r.model,
			response_json: r.cache.response,
			cost: String(round(r.costUsd)),
			latency: String(r.latencyMs / 1000),
			created_at: new Date(at).toISOString()
		});
		m.expire(vk, r.cache.ttlS);
	}
	return m;
}

/** The published gateway's incident shape: LPUSH newest first, list capped at 1,000. */
export function addIncident(m: Multi, i: IncidentRecord): Multi {
	const rec: Record<string, unknown> = {
		user_id: i.user ?? 'None',
		timestamp: new Date(i.at ?? Date.now()).toISOString(),
		action: i.action,
		content_preview: i.contentPreview.slice(0, 100)
	};
	if (i.entityType) rec.entity_type = i.entityType;
	m.lPush(KEYS.piiIncidents, JSON.stringify(rec));
	m.lTrim(KEYS.piiIncidents, 0, 999);
	return m;
}

export async function recordRequest(
	client: Client | Cluster,
	r: RequestRecord,
	opts?: RecorderOptions
): Promise<void> {
	await addRequest(batchFor(client), r, opts).exec();
}

export async function recordIncident(client: Client | Cluster, i: IncidentRecord): Promise<void> {
	await addIncident(batchFor(client), i).exec();
}
