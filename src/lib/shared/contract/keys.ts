// The Redis data contract, part one: every key the dashboard reads, how it is built and the
// patterns that find it. parse.ts reads each variant real gateways write into them.
// docs/data-contract.md is the prose version; keep the two in step. Pure TS: imported by the
// server, the recorder, tests and the browser.

/** Keys written by the gateway (the original README's and the published gateway's). */
export const KEYS = {
	requestsTotal: 'helix:requests:total',
	cacheHits: 'helix:requests:cache_hits',
	/** Despite the name, the published gateway stores the all-time MAXIMUM latency, in seconds. */
	latencyMax: 'helix:latency:p99',
	spendTotal: 'helix:spend:total',
	piiIncidents: 'helix:pii:incidents',
	/** Additive (this project): per-request event stream, written by the recorder. */
	events: 'helix:events',
	/** Additive: daily USD saved by cache hits, same shape as helix:spend:total. */
	savedTotal: 'helix:saved:total',
	/** Additive: hash user_id -> team. */
	userTeams: 'helix:user:team'
} as const;

/** Prefixes of the per-entity and cache keys: one name + an id each. */
export const PREFIXES = {
	spendUser: 'helix:spend:user:',
	spendModel: 'helix:spend:model:',
	/** Additive: requests and cache hits per user per day (same shape as the spend sets). */
	requestsUser: 'helix:requests:user:',
	hitsUser: 'helix:hits:user:',
	exact: 'helix:exact:',
	vector: 'helix:vector:'
} as const;

/** SCAN / page patterns: every key of one kind. */
export const PATTERNS = {
	spendUser: `${PREFIXES.spendUser}*`,
	spendModel: `${PREFIXES.spendModel}*`,
	requestsUser: `${PREFIXES.requestsUser}*`,
	hitsUser: `${PREFIXES.hitsUser}*`,
	exact: `${PREFIXES.exact}*`,
	vector: `${PREFIXES.vector}*`
} as const;

export const spendUserKey = (userId: string) => `${PREFIXES.spendUser}${userId}`;
export const spendModelKey = (model: string) => `${PREFIXES.spendModel}${model}`;
export const requestsUserKey = (userId: string) => `${PREFIXES.requestsUser}${userId}`;
export const hitsUserKey = (userId: string) => `${PREFIXES.hitsUser}${userId}`;

/** Per-entity daily sorted sets: discovered with SCAN, read per key. */
export const ENTITY_PATTERNS = [
	PATTERNS.spendUser,
	PATTERNS.spendModel,
	PATTERNS.requestsUser,
	PATTERNS.hitsUser
] as const;
export const exactKey = (hash: string) => `${PREFIXES.exact}${hash}`;
export const vectorKey = (id: string) => `${PREFIXES.vector}${id}`;
/** Cache entries: the only keys a flush may delete. */
export const CACHE_PREFIXES = [PREFIXES.exact, PREFIXES.vector] as const;

/** The README calls the index idx:semantic; the published gateway code creates helix:semantic:index. */
export const SEMANTIC_INDEX_NAMES = ['helix:semantic:index', 'idx:semantic'] as const;
/** The published gateway counts a semantic hit when 1 - cosine distance >= 0.88. */
export const SEMANTIC_HIT_THRESHOLD = 0.88;

/**
 * The dashboard's own keys (budgets, rules, rollups...) live under a prefix that does NOT
 * match `helix:*`, so the keyspace subscriber never reacts to the dashboard's own writes.
 */
export const DASHBOARD_PREFIX = 'helix-dashboard:';

/**
 * Key patterns the subscriber listens to. Cache entries (helix:exact:*, helix:vector:*) are
 * deliberately absent: they are written on every miss and would double the notification
 * volume while carrying nothing the live views need per write; they are counted by SCAN or
 * FT.INFO on reconcile instead.
 */
export const SUBSCRIBE_PATTERNS = [
	'helix:requests:*',
	'helix:latency:*',
	'helix:spend:*',
	'helix:saved:*',
	'helix:hits:*',
	'helix:pii:*',
	'helix:user:*',
	KEYS.events
] as const;

export type KeyKind =
	| 'requestsTotal'
	| 'cacheHits'
	| 'latencyMax'
	| 'spendTotal'
	| 'savedTotal'
	| 'piiIncidents'
	| 'events'
	| 'userTeams'
	| 'spendUser'
	| 'spendModel'
	| 'requestsUser'
	| 'hitsUser'
	| 'exact'
	| 'vector'
	| 'unknown';

const SINGLETONS = new Map<string, KeyKind>(
	(Object.entries(KEYS) as [KeyKind, string][]).map(([kind, key]) => [key, kind])
);

/** built once: classifyKey runs for every key the gateway changes (several per request) */
const PREFIX_KINDS = Object.entries(PREFIXES) as [keyof typeof PREFIXES, string][];

export function classifyKey(key: string): KeyKind {
	const single = SINGLETONS.get(key);
	if (single) return single;
	for (const [kind, prefix] of PREFIX_KINDS) if (key.startsWith(prefix)) return kind;
	return 'unknown';
}
