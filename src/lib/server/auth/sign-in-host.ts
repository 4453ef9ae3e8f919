// What a way of signing in (a password, single sign-on) needs from the auth service — the
// service implements it — so those modules depend on this narrow face, not on the service.
import type { Principal } from '../../shared/auth.ts';
import type { ErrorCode } from '../../shared/protocol/reply.ts';
import type { Clock } from '../../shared/time.ts';
import type { AuthConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { RedisClient } from '../redis/client.ts';
import type { Accounts } from './accounts.ts';
import type { AuditEntry } from './audit.ts';
import type { LoginLimiter } from './limiter.ts';
import type { Session } from './principals.ts';

export interface AuthDeps {
	config: AuthConfig;
	host: string;
	client: RedisClient;
	isConnected: () => boolean;
	clock: Clock;
	log: Logger;
}

export type LoginResult =
	| { ok: true; cookie: string; maxAgeS: number; session: Session }
	| { ok: false; code: ErrorCode; msg: string; retryAfterS?: number };

export type Opened = Extract<LoginResult, { ok: true }>;

export interface SignInHost {
	readonly client: RedisClient;
	readonly accounts: Accounts;
	readonly limiter: LoginLimiter;
	readonly sessionMs: number;
	now(): number;
	record(e: Omit<AuditEntry, 'at'>): void;
	/** a new session in Redis and its signed cookie */
	openSession(principal: Principal, ttl: number, tokenId?: string): Promise<Opened>;
}
