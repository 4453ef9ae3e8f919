// Authentication: sign-in, sessions in signed cookies, display tokens, revocation that
// reaches every node, and whether authentication is required at all (with no accounts, a
// loopback-only server runs open — and says so; see protected-mode.ts).
import { EventEmitter } from 'node:events';
import type { Principal } from '../../shared/auth.ts';
import type { RedisClient } from '../redis/client.ts';
import { Accounts, digest as sha256, type SessionRecord } from './accounts.ts';
import { displayPrincipal, OPEN_PRINCIPAL, roleOf, type Session } from './principals.ts';

import { AuditLog, type AuditEntry } from './audit.ts';
import { BearerTokens } from './bearer.ts';
import { LoginLimiter } from './limiter.ts';
import { REVOKED_CHANNEL, USERS_KEY } from './keys.ts';
import { AuthMemory } from './memory.ts';

/** how an operator gets an admin back when the account store is gone */
export const RESTORE =
	'Restore an admin with "npm run user -- add <name> --role admin" (in a container: node build/user.js add <name> --role admin); put the dashboard\'s keys in a Redis with persistence and maxmemory-policy noeviction (docs/security.md).';
import { signCookie, unsignCookie } from './cookies.ts';
import { RecentSessions } from './sessions.ts';
import { forgetRevoked, parseRevoked } from './revocation.ts';
import { isLoopback } from './protected-mode.ts';
import { SsoSignIn } from './sso/sign-in.ts';
import type { AuthDeps, LoginResult, SignInHost } from './sign-in-host.ts';
import { passwordLogin } from './password-login.ts';

export type { AuthDeps, LoginResult } from './sign-in-host.ts';

type AuditArgs = [
	actor: string,
	role: AuditEntry['role'],
	action: string,
	target: string,
	result: AuditEntry['result'],
	detail?: string
];

const memoryError = (deps: AuthDeps) => (err: Error) =>
	deps.log.error(
		{ err: err.message, dir: deps.config.dataDir },
		'cannot remember that accounts exist (DATA_DIR not writable): set AUTH_REQUIRED=true'
	);

export class AuthService
	extends EventEmitter<{ revoked: [Set<string>]; required: [] }>
	implements SignInHost
{
	readonly accounts: Accounts;
	readonly audit: AuditLog;
	readonly limiter: LoginLimiter;
	/** single sign-on (null without OIDC_* settings) */
	readonly sso: SsoSignIn | null;
	readonly #bearer: BearerTokens;
	/** null until read from Redis */
	#userCount: number | null = null;
	readonly #memory: AuthMemory;
	#lostLogged = false;
	#secret: string | null = null;
	#loaded!: () => void;
	/** resolves after the first successful load (startup waits on it, briefly, for protected mode) */
	readonly loaded = new Promise<void>((r) => (this.#loaded = r));

	constructor(private readonly deps: AuthDeps) {
		super();
		const client = () => deps.client;
		this.accounts = new Accounts(client, () => deps.clock.now());
		this.#memory = new AuthMemory(deps.config, memoryError(deps), () => deps.clock.now());
		this.#bearer = new BearerTokens(this.accounts, deps.isConnected);
		this.audit = new AuditLog(
			client,
			deps.isConnected,
			deps.log.child({ module: 'audit' }),
			deps.config.auditMaxEntries
		);
		this.limiter = new LoginLimiter(client, {
			maxPerUser: deps.config.loginMaxAttempts,
			maxPerIp: deps.config.loginMaxAttempts * 4,
			windowMs: deps.config.lockoutMs
		});
		const { oidc } = deps.config;
		this.sso = oidc
			? new SsoSignIn(this, oidc, { isConnected: deps.isConnected, log: deps.log })
			: null;
	}

	get client(): RedisClient {
		return this.deps.client;
	}

	now(): number {
		return this.deps.clock.now();
	}

	get sessionMs(): number {
		return this.deps.config.sessionMs;
	}

	/** On connect and at every reconcile: account count, signing secret, waiting audit entries. */
	async load(): Promise<void> {
		const wasRequired = this.required;
		this.#userCount = await this.accounts.userCount();
		if (this.#userCount > 0) {
			this.#memory.accountsSeen();
			this.#lostLogged = false;
		} else if (this.accountsLost && !this.#lostLogged) {
			this.#lostLogged = true;
			this.deps.log.error(
				{ key: USERS_KEY, dataDir: this.deps.config.dataDir },
				`the account store is empty but this dashboard had accounts: sign-in stays required and nobody can sign in. ${RESTORE}`
			);
		}
		this.#secret ??= await this.accounts.sessions.secret(this.deps.config.sessionSecret);
		this.#loaded();
		// accounts may appear (npm run user -- add) while the server runs open: sessions opened without sign-in go
		if (this.required && !wasRequired) {
			this.deps.log.info(
				{ accounts: this.#userCount },
				'accounts exist now: sign-in required; disconnecting sessions opened without it'
			);
			this.emit('required');
		}
		await this.audit.flush();
	}

	/**
	 * Redis holds no accounts although this dashboard had some (a FLUSHALL, a restart without
	 * persistence, eviction): sign-in stays required; health is degraded and says how to restore.
	 */
	get accountsLost(): boolean {
		return this.#userCount === 0 && this.#memory.mustRequire;
	}

	get userCount(): number | null {
		return this.#userCount;
	}

	/**
	 * Open (no sign-in) only when Redis says there are no accounts and the server is on
	 * loopback, or protected mode was switched off. Unknown (Redis away) counts as required.
	 */
	get required(): boolean {
		// with single sign-on configured nobody needs a local account to be asked to sign in
		if (this.#userCount !== 0 || this.#memory.mustRequire || this.sso) return true;
		return !(isLoopback(this.deps.host) || !this.deps.config.protectedMode);
	}

	/** Sessions seen recently, for while Redis is away (never consulted while connected). */
	#recent = new RecentSessions();

	/** The session behind a cookie value, or null (unsigned, expired, revoked). */
	async fromCookie(cookie: string | undefined): Promise<Session | null> {
		if (!cookie || cookie.length > 200) return null;
		const id = this.#secret ? unsignCookie(cookie, this.#secret) : null;
		if (!id) return null;
		const digest = sha256(id);
		let record: SessionRecord | null;
		if (this.deps.isConnected()) {
			record = await this.accounts.sessions
				.getSession(digest)
				.catch(() => this.#recent.get(digest));
			this.#recent.seen(digest, record);
		} else {
			record = this.#recent.get(digest);
		}
		if (record && record.expiresAt <= this.deps.clock.now()) record = null;
		return record ? { principal: record.principal, digest, record } : null;
	}

	/** Who is calling: the open principal when auth is off, else the session or bearer token. */
	async identify(
		cookie: string | undefined,
		authorization: string | null
	): Promise<Session | null> {
		if (!this.required) return { principal: OPEN_PRINCIPAL, digest: '', record: null };
		const s = await this.fromCookie(cookie);
		if (s) return s;
		// while Redis is away a token seen recently still works (Prometheus keeps scraping an outage)
		const t = await this.#bearer.identify(authorization);
		return t
			? { principal: displayPrincipal(t.name, t.ack), digest: '', record: null, tokenId: t.id }
			: null;
	}

	/** Name and password (password-login.ts): a session, or why not. */
	login(name: unknown, password: unknown, ip: string): Promise<LoginResult> {
		return passwordLogin(this, this.deps, name, password, ip);
	}

	/** A wall screen opens /noc?token=…: a read-only session for that token. */
	async openDisplay(token: string, ip: string): Promise<LoginResult> {
		if (!this.deps.isConnected())
			return { ok: false, code: 'unavailable', msg: 'the dashboard cannot reach Redis' };
		const t = await this.accounts.checkToken(token);
		if (!t) {
			this.#audit(
				ip,
				'?',
				'-',
				'display.open',
				token.slice(0, 16),
				'failed',
				'unknown or revoked token'
			);
			return {
				ok: false,
				code: 'unauthorized',
				msg: 'this display token is unknown or was revoked'
			};
		}
		const principal = displayPrincipal(t.name, t.ack);
		this.#audit(ip, principal.user, 'display', 'display.open', t.id, 'ok');
		return this.openSession(principal, this.deps.config.displaySessionMs, t.id);
	}

	/** A new session in Redis and its signed cookie. */
	async openSession(
		principal: Principal,
		ttl: number,
		tokenId?: string
	): Promise<Extract<LoginResult, { ok: true }>> {
		const s = await this.accounts.sessions.openSession(principal, ttl, tokenId);
		return {
			ok: true,
			cookie: signCookie(s.id, this.#secret ?? ''),
			maxAgeS: Math.floor(ttl / 1000),
			session: { principal, digest: s.digest, record: s.record }
		};
	}

	async logout(s: Session, ip: string): Promise<void> {
		if (s.digest) {
			await this.accounts.sessions.endSession(s.digest);
			await this.revoked([s.digest]);
		}
		this.#audit(ip, s.principal.user, roleOf(s.principal), 'logout', s.principal.user, 'ok');
	}

	/** Tells every node (and this one at once) to cut these sessions' sockets. */
	async revoked(digests: string[]): Promise<void> {
		if (!digests.length) return;
		forgetRevoked(digests, this.#recent, this.#bearer); // and from the outage caches
		this.emit('revoked', new Set(digests));
		await this.deps.client.publish(REVOKED_CHANNEL, JSON.stringify(digests)).catch(() => {});
	}

	/** A message on REVOKED_CHANNEL from any node. */
	onRevokedMessage(message: string): void {
		const set = parseRevoked(message);
		if (!set) return;
		forgetRevoked(set, this.#recent, this.#bearer);
		this.emit('revoked', set);
	}

	/** one audit entry of a sign-in, a display opening or a sign-out */
	#audit(ip: string, ...[actor, role, action, target, result, detail = '']: AuditArgs): void {
		this.record({ actor, role, ip, action, target, result, detail });
	}

	record(e: Omit<AuditEntry, 'at'>): void {
		this.audit.record({ at: this.deps.clock.now(), ...e });
	}
}
