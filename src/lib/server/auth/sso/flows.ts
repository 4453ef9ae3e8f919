// Sign-ins under way: what the callback must check (state, nonce, PKCE verifier) and where to
// go after, in Redis for 10 minutes under the state's digest — so the callback may land on
// any node — and taken exactly once (GETDEL): a replayed callback finds nothing. Starts are
// bounded per address (30 a minute), so at most ~300 pending flows per address exist.
import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from '../../redis/client.ts';
import { AUTH_PREFIX } from '../keys.ts';
import type { Checks } from './provider.ts';

export const FLOW_TTL_MS = 10 * 60_000;
const STARTS_PER_MINUTE = 30;

const flowKey = (state: string) =>
	`${AUTH_PREFIX}sso-flow:${createHash('sha256').update(state).digest('base64url')}`;
const startsKey = (ip: string) => `${AUTH_PREFIX}sso-starts:${ip.slice(0, 64)}`;

export interface Flow extends Checks {
	/** the path to return to (already checked by safeNext) */
	next: string;
	at: number;
}

const random = () => randomBytes(32).toString('base64url');

export class SsoFlows {
	constructor(
		private readonly client: () => RedisClient,
		private readonly now: () => number
	) {}

	/** A new flow, or null when this address started too many in the last minute. */
	async open(next: string, ip: string): Promise<Flow | null> {
		const starts = await this.client()
			.multi()
			.incr(startsKey(ip))
			.pExpire(startsKey(ip), 60_000, 'NX')
			.exec();
		if (Number(starts[0]) > STARTS_PER_MINUTE) return null;
		const flow: Flow = {
			state: random(),
			nonce: random(),
			verifier: random(),
			next,
			at: this.now()
		};
		await this.client().set(flowKey(flow.state), JSON.stringify(flow), {
			expiration: { type: 'PX', value: FLOW_TTL_MS }
		});
		return flow;
	}

	/** The flow of this state, once: a second take (a replay) gets null. */
	async take(state: string): Promise<Flow | null> {
		if (!state || state.length > 100) return null;
		const raw = await this.client().getDel(flowKey(state));
		if (!raw) return null;
		try {
			const f = JSON.parse(raw) as Flow;
			return f.at + FLOW_TTL_MS > this.now() ? f : null;
		} catch {
			return null;
		}
	}
}
