// Login throttling in Redis (shared by every node). Each attempt is counted per account and
// per client address BEFORE its password is checked, in one script (atomic): parallel
// guesses cannot all pass a check made before any of them failed. Past the limit, attempts
// are refused without checking the password at all, until the window runs out. A successful
// sign-in clears the account's count and gives its attempt back to the address.
import { AUTH_PREFIX } from './keys.ts';
import type { RedisClient } from '../redis/client.ts';

export interface LimiterOptions {
	/** failed logins per account before it is locked */
	maxPerUser: number;
	/** failed logins per address (any account) before the address is refused */
	maxPerIp: number;
	windowMs: number;
}

export type Gate = { ok: true } | { ok: false; retryAfterS: number; why: string };

// one hash tag: both counters of an attempt sit on one cluster slot, so one script sees both
const userKey = (u: string) => `${AUTH_PREFIX}{fail}:user:${u.toLowerCase().slice(0, 64)}`;
const ipKey = (ip: string) => `${AUTH_PREFIX}{fail}:ip:${ip.slice(0, 64)}`;

/** 0 = counted, go on; 1/2 = the account/address is over its limit (with the window's ms left). */
const ATTEMPT = `local u = tonumber(redis.call('GET', KEYS[1]) or '0')
local i = tonumber(redis.call('GET', KEYS[2]) or '0')
if u >= tonumber(ARGV[1]) then return {1, redis.call('PTTL', KEYS[1])} end
if i >= tonumber(ARGV[2]) then return {2, redis.call('PTTL', KEYS[2])} end
for _, k in ipairs(KEYS) do
	redis.call('INCR', k)
	if redis.call('PTTL', k) < 0 then redis.call('PEXPIRE', k, ARGV[3]) end
end
return {0, 0}`;

/** the address's counter alone: a single sign-on callback proves no account name beforehand */
const ADDRESS = `local i = tonumber(redis.call('GET', KEYS[1]) or '0')
if i >= tonumber(ARGV[1]) then return {2, redis.call('PTTL', KEYS[1])} end
redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {0, 0}`;

const GIVE_BACK = `if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 1`;

const SUCCEED = `redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 1`;

export class LoginLimiter {
	constructor(
		private readonly client: () => RedisClient,
		private readonly opts: LimiterOptions
	) {}

	/** Counts this attempt, or refuses it when the account or the address is over its limit. */
	async attempt(user: string, ip: string): Promise<Gate> {
		const { maxPerUser, maxPerIp, windowMs } = this.opts;
		const [which, ms] = (await this.client().eval(ATTEMPT, {
			keys: [userKey(user), ipKey(ip)],
			arguments: [String(maxPerUser), String(maxPerIp), String(windowMs)]
		})) as [number, number];
		return this.#gate(which, ms);
	}

	/** Counts a single sign-on callback against its address (the same limit as passwords'). */
	async attemptAddress(ip: string): Promise<Gate> {
		const { maxPerIp, windowMs } = this.opts;
		const [which, ms] = (await this.client().eval(ADDRESS, {
			keys: [ipKey(ip)],
			arguments: [String(maxPerIp), String(windowMs)]
		})) as [number, number];
		return this.#gate(which, ms);
	}

	/** A single sign-on that succeeded gives its attempt back to the address. */
	async succeedAddress(ip: string): Promise<void> {
		await this.client().eval(GIVE_BACK, { keys: [ipKey(ip)] });
	}

	#gate(which: number, ms: number): Gate {
		const { windowMs } = this.opts;
		if (which === 0) return { ok: true };
		const retryAfterS = Math.max(1, Math.ceil((ms > 0 ? ms : windowMs) / 1000));
		const minutes = Math.ceil(retryAfterS / 60);
		return {
			ok: false,
			retryAfterS,
			why:
				which === 1
					? `too many failed sign-ins for this account; it is locked for ${minutes} min`
					: `too many failed sign-ins from this address; try again in ${minutes} min`
		};
	}

	async succeed(user: string, ip: string): Promise<void> {
		await this.client().eval(SUCCEED, { keys: [userKey(user), ipKey(ip)] });
	}
}
