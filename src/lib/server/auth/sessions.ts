// Sessions in Redis, shared by every node: a random cookie id the browser holds, known to
// Redis only by its SHA-256 digest; an index per account (and per display token) so all of
// them can be ended at once; and the cookie-signing secret.
import { randomBytes } from 'node:crypto';
import type { Principal } from '../../shared/auth.ts';
import type { RedisClient } from '../redis/client.ts';
import { AUTH_PREFIX } from './keys.ts';
import { digest } from './digest.ts';

export const SECRET_KEY = `${AUTH_PREFIX}secret`;
const sessionKey = (d: string) => `${AUTH_PREFIX}session:${d}`;
const userSessionsKey = (user: string) => `${AUTH_PREFIX}sessions-of:${user}`;
const tokenSessionsKey = (id: string) => `${AUTH_PREFIX}sessions-of-token:${id}`;

export interface SessionRecord {
	principal: Principal;
	csrf: string;
	createdAt: number;
	expiresAt: number;
	/** the display token it was opened with */
	tokenId?: string;
}

export class SessionStore {
	constructor(
		private readonly client: () => RedisClient,
		private readonly now: () => number
	) {}

	/** Opens a session; returns the cookie id (random) — Redis only ever sees its digest. */
	async openSession(
		principal: Principal,
		ttlMs: number,
		tokenId?: string
	): Promise<{ id: string; digest: string; record: SessionRecord }> {
		const id = randomBytes(32).toString('base64url');
		const d = digest(id);
		const at = this.now();
		const record: SessionRecord = {
			principal,
			csrf: randomBytes(24).toString('base64url'),
			createdAt: at,
			expiresAt: at + ttlMs,
			...(tokenId ? { tokenId } : {})
		};
		const index = tokenId ? tokenSessionsKey(tokenId) : userSessionsKey(principal.user);
		await this.client()
			.multi()
			.set(sessionKey(d), JSON.stringify(record), { expiration: { type: 'PX', value: ttlMs } })
			.sAdd(index, d)
			// the index lives as long as its longest session (GT: never shorten; NX: a new index)
			.pExpire(index, ttlMs, 'GT')
			.pExpire(index, ttlMs, 'NX')
			.exec();
		await this.#prune(index);
		return { id, digest: d, record };
	}

	async getSession(d: string): Promise<SessionRecord | null> {
		const raw = await this.client().get(sessionKey(d));
		if (!raw) return null;
		try {
			const r = JSON.parse(raw) as SessionRecord;
			return r.expiresAt > this.now() ? r : null;
		} catch {
			return null;
		}
	}

	/** Which of these session digests still exist (one round trip). */
	async liveSessions(digests: string[]): Promise<Set<string>> {
		if (!digests.length) return new Set();
		const vals = await this.client().mGet(digests.map(sessionKey));
		return new Set(digests.filter((_, i) => vals[i] !== null));
	}

	async endSession(d: string): Promise<void> {
		await this.client().del(sessionKey(d));
	}

	/** Ends every session of an account; returns their digests. */
	async endUserSessions(user: string): Promise<string[]> {
		return this.#endAll(userSessionsKey(user));
	}

	/** Drops index members whose session has expired, so an account's index does not grow with every sign-in. */
	async #prune(index: string): Promise<void> {
		const ds = await this.client().sMembers(index);
		const live = await this.liveSessions(ds);
		const dead = ds.filter((d) => !live.has(d));
		if (dead.length) await this.client().sRem(index, dead);
	}

	async #endAll(index: string): Promise<string[]> {
		const ds = await this.client().sMembers(index);
		if (ds.length) await this.client().del([...ds.map(sessionKey), index]);
		return ds;
	}

	/** The cookie-signing secret, shared by all nodes: SESSION_SECRET, else made once in Redis. */
	async secret(configured: string | null): Promise<string> {
		if (configured) return configured;
		await this.client().set(SECRET_KEY, randomBytes(32).toString('base64url'), { condition: 'NX' });
		return (await this.client().get(SECRET_KEY))!;
	}

	/** Ends every session opened with a display token; returns their digests. */
	endTokenSessions(id: string): Promise<string[]> {
		return this.#endAll(tokenSessionsKey(id));
	}
}

/** sessions the outage cache remembers at most (least recently seen dropped first) */
const RECENT_MAX = 10_000;

/**
 * Sessions seen recently, for while Redis is away: an operator mid-incident keeps the
 * dashboard (nobody can revoke anything then either). Never consulted while connected.
 */
export class RecentSessions {
	#map = new Map<string, SessionRecord>();

	get(d: string): SessionRecord | null {
		return this.#map.get(d) ?? null;
	}

	/** What Redis said of `d` just now (null: it is gone). */
	seen(d: string, record: SessionRecord | null): void {
		this.#map.delete(d);
		if (!record) return;
		this.#map.set(d, record);
		if (this.#map.size > RECENT_MAX) this.#map.delete(this.#map.keys().next().value!);
	}

	delete(d: string): void {
		this.#map.delete(d);
	}
}
