// Display tokens presented as a bearer (`Authorization: Bearer hdt_…`, or `auth: {token}` on a
// socket): checked against Redis, and remembered for while Redis is away, so a Prometheus
// scrape with a wall's token keeps working exactly during an outage. Revocation forgets them.
import type { Accounts } from './accounts.ts';
import { digest } from './digest.ts';

/** display tokens the outage cache remembers at most (least recently seen dropped first) */
const RECENT_TOKENS = 1_000;
/** longer than any token this server issues */
const MAX_TOKEN = 200;

export interface TokenIdentity {
	id: string;
	name: string;
	ack: boolean;
}

export class BearerTokens {
	/** digest of the secret → the token it proved, seen recently */
	#recent = new Map<string, TokenIdentity>();

	constructor(
		private readonly accounts: Accounts,
		private readonly isConnected: () => boolean
	) {}

	async identify(authorization: string | null): Promise<TokenIdentity | null> {
		const bearer = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
		if (!bearer || bearer.length > MAX_TOKEN) return null;
		const key = digest(bearer);
		const cached = () => this.#recent.get(key) ?? null;
		const t = this.isConnected() ? await this.accounts.checkToken(bearer).catch(cached) : cached();
		this.#recent.delete(key);
		if (!t) return null;
		this.#recent.set(key, t);
		if (this.#recent.size > RECENT_TOKENS) this.#recent.delete(this.#recent.keys().next().value!);
		return t;
	}

	forget(ids: Set<string>): void {
		for (const [k, t] of this.#recent) if (ids.has(t.id)) this.#recent.delete(k);
	}
}
