// Who has signed in with single sign-on, for the Admin page: name, role and teams as of
// their last sign-in, and when — so an admin can end an SSO user's sessions like a local
// account's. Redis hash helix-dashboard:auth:sso-users, at most MAX names (the longest
// unseen dropped first).
import { ROLES, type Principal } from '../../../shared/auth.ts';
import type { SsoUserView } from '../../../shared/protocol/accounts.ts';
import type { RedisClient } from '../../redis/client.ts';
import { AUTH_PREFIX } from '../keys.ts';

export const SSO_USERS_KEY = `${AUTH_PREFIX}sso-users`;
const MAX = 2_000;

function parse(name: string, raw: string): SsoUserView | null {
	try {
		const v = JSON.parse(raw) as Partial<SsoUserView>;
		if (!ROLES.includes(v.role!) || typeof v.lastSignInAt !== 'number') return null;
		return { name, role: v.role!, teams: v.teams ?? null, lastSignInAt: v.lastSignInAt };
	} catch {
		return null;
	}
}

export class SsoDirectory {
	constructor(private readonly client: () => RedisClient) {}

	async seen(p: Principal, at: number): Promise<void> {
		const view = { role: p.role, teams: p.teams, lastSignInAt: at };
		// one round trip: the write and the size it leaves
		const [, size] = await this.client()
			.multi()
			.hSet(SSO_USERS_KEY, p.user, JSON.stringify(view))
			.hLen(SSO_USERS_KEY)
			.exec();
		if (Number(size) <= MAX) return;
		const all = await this.list(Infinity);
		const drop = all.slice(MAX).map((u) => u.name);
		if (drop.length) await this.client().hDel(SSO_USERS_KEY, drop);
	}

	/** Most recent sign-in first. */
	async list(limit = 500): Promise<SsoUserView[]> {
		const raw = await this.client().hGetAll(SSO_USERS_KEY);
		return Object.entries(raw)
			.map(([name, v]) => parse(name, v))
			.filter((u): u is SsoUserView => u !== null)
			.sort((a, b) => b.lastSignInAt - a.lastSignInAt)
			.slice(0, limit);
	}
}
