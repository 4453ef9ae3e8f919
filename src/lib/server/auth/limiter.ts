// Login throttling in Redis (shared by every node): failures are counted per account and
// per client address in a window; past the limit, further attempts are refused without
// checking the password at all, until the window runs out.
import { AUTH_PREFIX } from './keys.ts';
import type { RedisClient } from '../redis/link.ts';

export interface LimiterOptions {
	/** failed logins per account before it is locked */
	maxPerUser: number;
	/** failed logins per address (any account) before the address is refused */
	maxPerIp: number;
	windowMs: number;
}

export type Gate = { ok: true } | { ok: false; retryAfterS: number; why: string };

const userKey = (u: string) => `${AUTH_PREFIX}fail:user:${u.toLowerCase().slice(0, 64)}`;
const ipKey = (ip: string) => `${AUTH_PREFIX}fail:ip:${ip.slice(0, 64)}`;

export class LoginLimiter {
	constructor(
		private readonly client: () => RedisClient,
		private readonly opts: LimiterOptions
	) {}

	async check(user: string, ip: string): Promise<Gate> {
		const c = this.client();
		const [u, i] = await c.mGet([userKey(user), ipKey(ip)]);
		if (Number(u) >= this.opts.maxPerUser)
			return {
				ok: false,
				retryAfterS: await this.#ttl(userKey(user)),
				why: 'too many failed sign-ins for this account; it is locked for a while'
			};
		if (Number(i) >= this.opts.maxPerIp)
			return {
				ok: false,
				retryAfterS: await this.#ttl(ipKey(ip)),
				why: 'too many failed sign-ins from this address; try again later'
			};
		return { ok: true };
	}

	async fail(user: string, ip: string): Promise<void> {
		const m = this.client().multi();
		for (const k of [userKey(user), ipKey(ip)]) m.incr(k).pExpire(k, this.opts.windowMs, 'NX');
		await m.exec();
	}

	async succeed(user: string): Promise<void> {
		await this.client().del(userKey(user));
	}

	async #ttl(key: string): Promise<number> {
		const ms = await this.client().pTTL(key);
		return Math.max(1, Math.ceil((ms > 0 ? ms : this.opts.windowMs) / 1000));
	}
}
