// Authentication: sign-in, sessions in signed cookies, display tokens, revocation that
// reaches every node, and whether authentication is required at all (with no accounts, a
// loopback-only server runs open — and says so; see protected-mode.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Principal } from '../../shared/auth.ts';
import type { Clock } from '../../shared/time.ts';
import type { AuthConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { RedisClient } from '../redis/link.ts';
import { Accounts, digest as sha256, REVOKED_CHANNEL, type AccountView, type SessionRecord, type TokenView } from './accounts.ts';
import { ok, type ErrorCode, type Reply } from '../../shared/protocol/reply.ts';
import { AuditLog, type AuditEntry } from './audit.ts';
import { LoginLimiter } from './limiter.ts';
import { verifyPassword } from './passwords.ts';
import { redactText } from '../security/pii/redact.ts';
import { isLoopback } from './protected-mode.ts';

export const SESSION_COOKIE = 'helix_session';

export const OPEN_PRINCIPAL: Principal = { user: 'local', role: 'admin', kind: 'open', teams: null };

export interface Session {
	principal: Principal;
	/** SHA-256 of the cookie id: what Redis and the sockets know it by */
	digest: string;
	record: SessionRecord | null;
}

export interface AuthDeps {
	config: AuthConfig;
	host: string;
	client: RedisClient;
	isConnected: () => boolean;
	clock: Clock;
	log: Logger;
}

export type LoginResult = { ok: true; cookie: string; maxAgeS: number; session: Session } | { ok: false; code: ErrorCode; msg: string; retryAfterS?: number };

export class AuthService extends EventEmitter<{ revoked: [Set<string>]; required: [] }> {
	readonly accounts: Accounts;
	readonly audit: AuditLog;
	readonly limiter: LoginLimiter;
	/** null until read from Redis */
	#userCount: number | null = null;
	#secret: string | null = null;
	#loaded!: () => void;
	/** resolves after the first successful load (startup waits on it, briefly, for protected mode) */
	readonly loaded = new Promise<void>((r) => (this.#loaded = r));

	constructor(private readonly deps: AuthDeps) {
		super();
		const client = () => deps.client;
		this.accounts = new Accounts(client, () => deps.clock.now());
		this.audit = new AuditLog(client, deps.isConnected, deps.log.child({ module: 'audit' }), deps.config.auditMaxEntries);
		this.limiter = new LoginLimiter(client, {
			maxPerUser: deps.config.loginMaxAttempts,
			maxPerIp: deps.config.loginMaxAttempts * 4,
			windowMs: deps.config.lockoutMs
		});
	}

	/** On connect and at every reconcile: account count, signing secret, waiting audit entries. */
	async load(): Promise<void> {
		const wasRequired = this.required;
		this.#userCount = await this.accounts.userCount();
		this.#secret ??= await this.accounts.secret(this.deps.config.sessionSecret);
		this.#loaded();
		// accounts may appear (npm run user -- add) while the server runs open: sessions opened without sign-in go
		if (this.required && !wasRequired) {
			this.deps.log.info({ accounts: this.#userCount }, 'accounts exist now: sign-in required; disconnecting sessions opened without it');
			this.emit('required');
		}
		await this.audit.flush();
	}

	// --- administration: what the admin API and page call -------------------------------

	listAccounts(): Promise<AccountView[]> {
		return this.accounts.listUsers();
	}

	listTokens(): Promise<TokenView[]> {
		return this.accounts.listTokens();
	}

	async createAccount(input: unknown): Promise<Reply<AccountView>> {
		const r = await this.accounts.createUser(input);
		if (r.ok) await this.load();
		return r;
	}

	/** Changes role, teams or password; the account's sessions end (it signs in again with the new rights). */
	async updateAccount(name: string, input: unknown): Promise<Reply<AccountView>> {
		const r = await this.accounts.updateUser(name, input);
		if (r.ok) await this.revoked(await this.accounts.endUserSessions(name));
		return r;
	}

	/** Removes the account and every session of it, at once. */
	async deleteAccount(name: string): Promise<Reply<{ name: string }>> {
		const r = await this.accounts.deleteUser(name);
		if (!r.ok) return r;
		await this.revoked(await this.accounts.endUserSessions(name));
		await this.load();
		return r;
	}

	/** Signs an account out everywhere: open pages and sockets are cut on every node. */
	async signOutEverywhere(name: string): Promise<{ name: string; sessions: number }> {
		const ended = await this.accounts.endUserSessions(name);
		await this.revoked(ended);
		return { name, sessions: ended.length };
	}

	createToken(name: unknown, createdBy: string): Promise<Reply<TokenView & { token: string }>> {
		return this.accounts.createToken(name, createdBy);
	}

	/** Revokes a display token; every wall signed in with it is disconnected. */
	async revokeToken(id: string): Promise<Reply<{ id: string; sessions: number }>> {
		const r = await this.accounts.revokeToken(id);
		if (!r.ok) return r;
		await this.revoked(r.data.sessions);
		return ok({ id: r.data.id, sessions: r.data.sessions.length });
	}

	get userCount(): number | null {
		return this.#userCount;
	}

	/**
	 * Open (no sign-in) only when Redis says there are no accounts and the server is on
	 * loopback, or protected mode was switched off. Unknown (Redis away) counts as required.
	 */
	get required(): boolean {
		if (this.#userCount !== 0) return true;
		return !(isLoopback(this.deps.host) || !this.deps.config.protectedMode);
	}

	#sign(id: string): string {
		return `${id}.${createHmac('sha256', this.#secret ?? '').update(id).digest('base64url')}`;
	}

	#unsign(cookie: string): string | null {
		const dot = cookie.lastIndexOf('.');
		if (dot <= 0 || !this.#secret) return null;
		const id = cookie.slice(0, dot);
		const a = Buffer.from(this.#sign(id));
		const b = Buffer.from(cookie);
		return a.length === b.length && timingSafeEqual(a, b) ? id : null;
	}

	/**
	 * Sessions seen recently, for while Redis is away: an operator mid-incident keeps the
	 * dashboard (nobody can revoke anything then either). Never consulted while connected.
	 */
	#recent = new Map<string, SessionRecord>();

	/** The session behind a cookie value, or null (unsigned, expired, revoked). */
	async fromCookie(cookie: string | undefined): Promise<Session | null> {
		if (!cookie || cookie.length > 200) return null;
		const id = this.#unsign(cookie);
		if (!id) return null;
		const digest = sha256(id);
		let record: SessionRecord | null;
		if (this.deps.isConnected()) {
			record = await this.accounts.getSession(digest).catch(() => this.#recent.get(digest) ?? null);
			this.#recent.delete(digest);
			if (record) {
				this.#recent.set(digest, record);
				if (this.#recent.size > 10_000) this.#recent.delete(this.#recent.keys().next().value!);
			}
		} else {
			record = this.#recent.get(digest) ?? null;
		}
		if (record && record.expiresAt <= this.deps.clock.now()) record = null;
		return record ? { principal: record.principal, digest, record } : null;
	}

	/** Who is calling: the open principal when auth is off, else the session or bearer token. */
	async identify(cookie: string | undefined, authorization: string | null): Promise<Session | null> {
		if (!this.required) return { principal: OPEN_PRINCIPAL, digest: '', record: null };
		const s = await this.fromCookie(cookie);
		if (s) return s;
		const bearer = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
		if (bearer && this.deps.isConnected()) {
			const t = await this.accounts.checkToken(bearer).catch(() => null);
			if (t) return { principal: displayPrincipal(t.name), digest: '', record: null };
		}
		return null;
	}

	async login(name: unknown, password: unknown, ip: string): Promise<LoginResult> {
		const user = typeof name === 'string' ? name.slice(0, 64) : '';
		// a failed sign-in proves no identity and its name may be anything typed into the form
		// (someone's e-mail, a password in the wrong box): recorded redacted
		const refuse = (code: ErrorCode, msg: string, detail: string, retryAfterS?: number): LoginResult => {
			const actor = redactText(user);
			this.record({ actor: actor || '?', role: '-', ip, action: 'login', target: actor, result: code === 'too_many' ? 'denied' : 'failed', detail });
			return { ok: false, code, msg, retryAfterS };
		};
		if (!user || typeof password !== 'string' || !password || password.length > 1024) return refuse('invalid', 'give a user name and a password', 'malformed request');
		if (!this.deps.isConnected()) return refuse('unavailable', 'sign-in is unavailable: the dashboard cannot reach Redis', 'redis unavailable');
		const gate = await this.limiter.check(user, ip);
		if (!gate.ok) return refuse('too_many', gate.why, 'locked out', gate.retryAfterS);
		const rec = await this.accounts.getUser(user);
		// verify even for an unknown name, so the answer takes as long either way
		const good = await verifyPassword(password, rec?.hash ?? null);
		if (!rec || !good) {
			await this.limiter.fail(user, ip);
			return refuse('unauthorized', 'wrong user name or password', rec ? 'wrong password' : 'unknown account');
		}
		await this.limiter.succeed(user);
		const principal: Principal = { user, role: rec.role, kind: 'user', teams: rec.teams };
		const ttl = this.deps.config.sessionMs;
		const s = await this.accounts.openSession(principal, ttl);
		this.record({ actor: user, role: rec.role, ip, action: 'login', target: user, result: 'ok', detail: '' });
		return { ok: true, cookie: this.#sign(s.id), maxAgeS: Math.floor(ttl / 1000), session: { principal, digest: s.digest, record: s.record } };
	}

	/** A wall screen opens /noc?token=…: a read-only session for that token. */
	async openDisplay(token: string, ip: string): Promise<LoginResult> {
		if (!this.deps.isConnected()) return { ok: false, code: 'unavailable', msg: 'the dashboard cannot reach Redis' };
		const t = await this.accounts.checkToken(token);
		if (!t) {
			this.record({ actor: '?', role: '-', ip, action: 'display.open', target: token.slice(0, 16), result: 'failed', detail: 'unknown or revoked token' });
			return { ok: false, code: 'unauthorized', msg: 'this display token is unknown or was revoked' };
		}
		const principal = displayPrincipal(t.name);
		const ttl = this.deps.config.displaySessionMs;
		const s = await this.accounts.openSession(principal, ttl, t.id);
		this.record({ actor: principal.user, role: 'display', ip, action: 'display.open', target: t.id, result: 'ok', detail: '' });
		return { ok: true, cookie: this.#sign(s.id), maxAgeS: Math.floor(ttl / 1000), session: { principal, digest: s.digest, record: s.record } };
	}

	async logout(s: Session, ip: string): Promise<void> {
		if (s.digest) {
			await this.accounts.endSession(s.digest);
			await this.revoked([s.digest]);
		}
		this.record({ actor: s.principal.user, role: roleOf(s.principal), ip, action: 'logout', target: s.principal.user, result: 'ok', detail: '' });
	}

	/** Tells every node (and this one at once) to cut these sessions' sockets. */
	async revoked(digests: string[]): Promise<void> {
		if (!digests.length) return;
		for (const d of digests) this.#recent.delete(d);
		this.emit('revoked', new Set(digests));
		await this.deps.client.publish(REVOKED_CHANNEL, JSON.stringify(digests)).catch(() => {});
	}

	/** A message on REVOKED_CHANNEL from any node. */
	onRevokedMessage(message: string): void {
		try {
			const ds = JSON.parse(message) as unknown;
			if (!Array.isArray(ds)) return;
			const set = new Set(ds.filter((d): d is string => typeof d === 'string'));
			for (const d of set) this.#recent.delete(d);
			this.emit('revoked', set);
		} catch {
			// not ours
		}
	}

	record(e: Omit<AuditEntry, 'at'>): void {
		this.audit.record({ at: this.deps.clock.now(), ...e });
	}
}

export function displayPrincipal(name: string): Principal {
	return { user: `display:${name}`, role: 'viewer', kind: 'display', teams: null };
}

export function roleOf(p: Principal | null): string {
	return !p ? '-' : p.kind === 'display' ? 'display' : p.role;
}
