// Traffic simulator: realistic gateway traffic written through the recorder. The ONLY place
// in the product where random numbers are allowed — it stands in for a real gateway.
import { createHash } from 'node:crypto';
import type { createClient } from 'redis';
import { SEMANTIC_HIT_THRESHOLD } from '../shared/contract/keys.ts';
import { addIncident, addRequest, batchFor, type RequestRecord } from './recorder.ts';
import type { Cluster } from './slot-batch.ts';
import type { Zone } from '../shared/time.ts';

type Client = ReturnType<typeof createClient> | Cluster;

/** USD per 1M tokens (input, output), list prices. */
export const MODELS = [
	{ name: 'gpt-4o', in: 2.5, out: 10, ms: 900, weight: 30, provider: 'openai' },
	{ name: 'gpt-4o-mini', in: 0.15, out: 0.6, ms: 450, weight: 30, provider: 'openai' },
	{ name: 'claude-3-5-sonnet', in: 3, out: 15, ms: 1100, weight: 18, provider: 'anthropic' },
	{ name: 'claude-3-5-haiku', in: 0.8, out: 4, ms: 500, weight: 10, provider: 'anthropic' },
	{ name: 'gemini-1.5-pro', in: 1.25, out: 5, ms: 1000, weight: 7, provider: 'google' },
	{ name: 'llama-3.1-70b', in: 0.88, out: 0.88, ms: 700, weight: 5, provider: 'together' }
] as const;

/** about 1.5% of the simulated misses fail, with these codes (weights) */
const ERRORS = [
	{ name: 'rate_limit', weight: 5 },
	{ name: 'timeout', weight: 3 },
	{ name: 'provider_5xx', weight: 2 },
	{ name: 'content_filter', weight: 1 }
] as const;

const TEAMS = ['platform', 'search', 'support', 'growth', 'finance', 'research', 'mobile', 'data'];
const FIRST = [
	'jane',
	'omar',
	'li',
	'sofia',
	'raj',
	'emma',
	'kofi',
	'ana',
	'yuki',
	'lucas',
	'mia',
	'noah'
];
const LAST = [
	'doe',
	'khan',
	'wei',
	'garcia',
	'patel',
	'smith',
	'mensah',
	'silva',
	'tanaka',
	'martin'
];

// Fake but realistic PII: documentation-reserved numbers, Luhn-valid test cards, example domains.
const CARDS = [
	'4111 1111 1111 1111',
	'5555 5555 5555 4444',
	'3782 822463 10005',
	'4012888888881881'
];
const PHONES = ['+1 415-555-0134', '(212) 555-0199', '+44 20 7946 0958', '+1 650 555 0123'];
const SSNS = ['078-05-1120', '219-09-9999'];

function pick<T>(items: readonly T[]): T {
	return items[Math.floor(Math.random() * items.length)]!;
}

function weighted<T extends { weight: number }>(items: readonly T[]): T {
	let r = Math.random() * items.reduce((s, i) => s + i.weight, 0);
	for (const i of items) if ((r -= i.weight) < 0) return i;
	return items[items.length - 1]!;
}

/** log-normal around `median` ms */
function latency(median: number): number {
	const z = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
	return median * Math.exp(0.45 * z);
}

export interface SimUser {
	id: string;
	team: string;
	email: string;
}

export function makeUsers(n: number): SimUser[] {
	return Array.from({ length: n }, (_, i) => {
		const name = `${FIRST[i % FIRST.length]}.${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
		return {
			id: `u${String(i + 1).padStart(4, '0')}`,
			team: TEAMS[i % TEAMS.length]!,
			email: `${name}${i}@example.com`
		};
	});
}

export function simulatedRequest(users: SimUser[], cacheTtlS: number): RequestRecord {
	const model = weighted(MODELS);
	const user = pick(users);
	const tokensIn = Math.round(50 + Math.random() * 1500);
	const tokensOut = Math.round(20 + Math.random() * 600);
	const fullCost = (tokensIn * model.in + tokensOut * model.out) / 1e6;
	const r = Math.random();
	const outcome = r < 0.25 ? 'exact' : r < 0.45 ? 'semantic' : 'miss';
	const base = {
		model: model.name,
		user: user.id,
		team: user.team,
		tokensIn,
		tokensOut,
		provider: model.provider
	};
	if (outcome === 'exact') {
		return { ...base, outcome, latencyMs: 2 + Math.random() * 6, costUsd: 0, savedUsd: fullCost };
	}
	if (outcome === 'semantic') {
		const similarity = SEMANTIC_HIT_THRESHOLD + Math.random() * (1 - SEMANTIC_HIT_THRESHOLD);
		return { ...base, outcome, similarity, latencyMs: latency(35), costUsd: 0, savedUsd: fullCost };
	}
	const prompt = `question ${Math.floor(Math.random() * 1e9)} for ${model.name}`;
	const latencyMs = latency(model.ms);
	if (Math.random() < 0.015) {
		const errorType = weighted(ERRORS).name;
		return {
			...base,
			outcome,
			status: 'error',
			errorType,
			tokensOut: 0,
			latencyMs: errorType === 'timeout' ? 30_000 : latencyMs / 4,
			costUsd: 0
		};
	}
	return {
		...base,
		outcome,
		// a near-miss similarity is recorded when the vector search found something below threshold
		similarity: Math.random() < 0.6 ? 0.6 + Math.random() * (SEMANTIC_HIT_THRESHOLD - 0.6) : null,
		latencyMs,
		// the first token arrives after 20–40% of a streamed answer's time
		ttftMs: latencyMs * (0.2 + Math.random() * 0.2),
		costUsd: fullCost,
		cache: {
			exactHash: createHash('sha256').update(prompt).digest('hex'),
			prompt,
			response: JSON.stringify({
				model: model.name,
				choices: [{ message: { content: 'simulated answer' } }]
			}),
			ttlS: cacheTtlS
		}
	};
}

function simulatedPreview(user: SimUser): { text: string; entity: string } {
	const kind = Math.floor(Math.random() * 4);
	if (kind === 0)
		return {
			text: `Please email the invoice to ${user.email} before Friday`,
			entity: 'EMAIL_ADDRESS'
		};
	if (kind === 1)
		return {
			text: `My card is ${pick(CARDS)}, expiry 09/28, why was it declined?`,
			entity: 'CREDIT_CARD'
		};
	if (kind === 2)
		return { text: `Call me back on ${pick(PHONES)} about the contract`, entity: 'PHONE_NUMBER' };
	return { text: `Customer SSN ${pick(SSNS)} needs to be updated in the CRM`, entity: 'US_SSN' };
}

export interface SimulatorOptions {
	/** gateway requests per second */
	rate: number;
	users?: number;
	/** TTL of the cache entries it writes; short, so a long demo does not fill memory */
	cacheTtlS?: number;
	/** share of requests that trigger a PII incident (overrides piiPerHour) */
	piiRate?: number;
	/** PII incidents an hour, whatever the rate (default DEFAULT_PII_PER_HOUR) */
	piiPerHour?: number;
	/** the gateway's zone for spend dates */
	timezone?: Zone;
	/** older form: hours east of UTC */
	timezoneOffset?: number;
	onError?: (err: Error) => void;
}

export interface Simulator {
	readonly sent: number;
	stop(): Promise<void>;
}

/**
 * Steady PII leakage of a demo: below the default "PII incidents above 100 an hour" rule, so
 * that normal traffic never takes the NOC wall; --pii-rate raises it on purpose.
 */
export const DEFAULT_PII_PER_HOUR = 30;

/** The share of requests that carry a PII incident. */
export function piiShare(opts: SimulatorOptions): number {
	if (opts.piiRate !== undefined) return opts.piiRate;
	return Math.min(1, (opts.piiPerHour ?? DEFAULT_PII_PER_HOUR) / 3600 / Math.max(opts.rate, 1e-9));
}

/** Writes `rate` requests per second in 50 ms batches, each request one MULTI. */
export function startSimulator(client: Client, opts: SimulatorOptions): Simulator {
	const users = makeUsers(opts.users ?? 200);
	const tickMs = 50;
	const pii = piiShare(opts);
	let carry = 0;
	let sent = 0;
	let inflight: Promise<unknown> = Promise.resolve();
	const timer = setInterval(() => {
		carry += (opts.rate * tickMs) / 1000;
		const n = Math.floor(carry);
		carry -= n;
		const batch: Promise<unknown>[] = [];
		for (let i = 0; i < n; i++) {
			const m = addRequest(batchFor(client), simulatedRequest(users, opts.cacheTtlS ?? 600), {
				timezone: opts.timezone,
				timezoneOffset: opts.timezoneOffset
			});
			if (Math.random() < pii) {
				const user = pick(users);
				const { text, entity } = simulatedPreview(user);
				const action = pick(['redacted', 'redacted', 'blocked', 'logged']);
				addIncident(m, {
					user: user.id,
					action,
					contentPreview: text,
					entityType: Math.random() < 0.3 ? entity : undefined
				});
			}
			batch.push(m.exec());
		}
		sent += n;
		inflight = Promise.allSettled(batch).then((rs) => {
			for (const r of rs) if (r.status === 'rejected') opts.onError?.(r.reason as Error);
		});
	}, tickMs);
	return {
		get sent() {
			return sent;
		},
		async stop() {
			clearInterval(timer);
			await inflight;
		}
	};
}
