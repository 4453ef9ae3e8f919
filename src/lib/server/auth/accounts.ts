// Dashboard accounts, display tokens and sessions, all in Redis under the dashboard's own
// prefix so every dashboard node shares them. Nothing secret is kept in the clear: password
// hashes (scrypt), token and session ids only as SHA-256 digests.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { digest } from './digest.ts';
import { TOKENS_KEY, USERS_KEY } from './keys.ts';

export { digest };
import { z } from 'zod';
import { ROLES } from '../../shared/auth.ts';
import {
	accountPatchSchema,
	ACCOUNT_NAME,
	newAccountSchema,
	teamsSchema,
	type AccountView,
	type TokenView
} from '../../shared/protocol/accounts.ts';

import type { RedisClient } from '../redis/client.ts';
import { describeIssues, fail, ok, type Reply } from '../../shared/protocol/reply.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { SessionStore } from './sessions.ts';

export type { SessionRecord } from './sessions.ts';

export const userRecordSchema = z.object({
	role: z.enum(ROLES),
	teams: teamsSchema,
	hash: z.string().startsWith('scrypt$'),
	createdAt: z.number(),
	updatedAt: z.number()
});
export type UserRecord = z.infer<typeof userRecordSchema>;

const tokenRecordSchema = z.object({
	name: z.string(),
	digest: z.string().length(64),
	createdBy: z.string(),
	createdAt: z.number(),
	lastUsedAt: z.number().nullable().optional(),
	/** the wall may acknowledge alerts (tokens made before this existed: no) */
	ack: z.boolean().optional()
});
type TokenRecord = z.infer<typeof tokenRecordSchema>;

function view(name: string, r: UserRecord): AccountView {
	return { name, role: r.role, teams: r.teams, createdAt: r.createdAt, updatedAt: r.updatedAt };
}

/** Accounts, tokens and sessions over one Redis connection. */
export class Accounts {
	readonly sessions: SessionStore;

	constructor(
		private readonly client: () => RedisClient,
		private readonly now: () => number
	) {
		this.sessions = new SessionStore(client, now);
	}

	async userCount(): Promise<number> {
		return this.client().hLen(USERS_KEY);
	}

	async getUser(name: string): Promise<UserRecord | null> {
		if (!ACCOUNT_NAME.test(name)) return null;
		return parseRecord(userRecordSchema, await this.client().hGet(USERS_KEY, name));
	}

	async listUsers(): Promise<AccountView[]> {
		const all = await this.client().hGetAll(USERS_KEY);
		const out: AccountView[] = [];
		for (const [name, raw] of Object.entries(all)) {
			// a hand-edited record that does not validate is not an account (and is not shown)
			const r = parseRecord(userRecordSchema, raw);
			if (r) out.push(view(name, r));
		}
		return out.sort((a, b) => a.name.localeCompare(b.name));
	}

	async createUser(input: unknown): Promise<Reply<AccountView>> {
		const r = newAccountSchema.safeParse(input);
		if (!r.success) return fail('invalid', describeIssues(r.error));
		const problem = passwordProblem(r.data.password);
		if (problem) return fail('invalid', problem);
		const at = this.now();
		const rec: UserRecord = {
			role: r.data.role,
			teams: r.data.teams ?? null,
			hash: await hashPassword(r.data.password),
			createdAt: at,
			updatedAt: at
		};
		const added = await this.client().hSetNX(USERS_KEY, r.data.name, JSON.stringify(rec));
		if (!added) return fail('conflict', `an account named "${r.data.name}" already exists`);
		return ok(view(r.data.name, rec));
	}

	/** Changes role, teams or password; every open session of the account is ended. */
	async updateUser(name: string, input: unknown): Promise<Reply<AccountView>> {
		const r = accountPatchSchema.safeParse(input);
		if (!r.success) return fail('invalid', describeIssues(r.error));
		const cur = await this.getUser(name);
		if (!cur) return fail('not_found', `no account named "${name.slice(0, 64)}"`);
		if (r.data.password !== undefined) {
			const problem = passwordProblem(r.data.password);
			if (problem) return fail('invalid', problem);
		}
		if (
			cur.role === 'admin' &&
			r.data.role &&
			r.data.role !== 'admin' &&
			(await this.#admins()) <= 1
		)
			return fail('conflict', 'this is the last admin; make another admin first');
		const next: UserRecord = {
			...cur,
			role: r.data.role ?? cur.role,
			teams: r.data.teams === undefined ? cur.teams : r.data.teams,
			hash: r.data.password !== undefined ? await hashPassword(r.data.password) : cur.hash,
			updatedAt: this.now()
		};
		await this.client().hSet(USERS_KEY, name, JSON.stringify(next));
		return ok(view(name, next));
	}

	/** Replaces the hash of an account whose password was just verified (a cost raised since). */
	async rehash(name: string, rec: UserRecord, password: string): Promise<void> {
		const next: UserRecord = { ...rec, hash: await hashPassword(password) };
		// only if nobody changed the password meanwhile (compare-and-set on the old hash)
		await this.client().eval(REPLACE_IF_SAME, {
			keys: [USERS_KEY],
			arguments: [name, rec.hash, JSON.stringify(next)]
		});
	}

	async deleteUser(name: string): Promise<Reply<{ name: string }>> {
		const cur = await this.getUser(name);
		if (!cur) return fail('not_found', `no account named "${name.slice(0, 64)}"`);
		if (cur.role === 'admin' && (await this.#admins()) <= 1)
			return fail('conflict', 'this is the last admin; make another admin first');
		await this.client().hDel(USERS_KEY, name);
		return ok({ name });
	}

	async #admins(): Promise<number> {
		return (await this.listUsers()).filter((u) => u.role === 'admin').length;
	}

	// --- display tokens -------------------------------------------------------------

	/** Creates a token; the secret is returned once and never stored. */
	async createToken(
		name: unknown,
		createdBy: string,
		ack: unknown = false
	): Promise<Reply<TokenView & { token: string }>> {
		const n = z
			.string()
			.trim()
			.min(1, 'name the screen this token is for')
			.max(100, 'name is at most 100 characters')
			.safeParse(name);
		if (!n.success) return fail('invalid', describeIssues(n.error));
		if (typeof ack !== 'boolean')
			return fail('invalid', 'ack must be true (the wall may acknowledge alerts) or false');
		const id = randomBytes(6).toString('hex');
		const secret = randomBytes(24).toString('base64url');
		const token = `hdt_${id}_${secret}`;
		const rec: TokenRecord = {
			name: n.data,
			digest: digest(secret),
			createdBy,
			createdAt: this.now(),
			ack
		};
		await this.client().hSet(TOKENS_KEY, id, JSON.stringify(rec));
		return ok({ id, name: rec.name, createdBy, createdAt: rec.createdAt, ack, token });
	}

	async listTokens(): Promise<TokenView[]> {
		const all = await this.client().hGetAll(TOKENS_KEY);
		const out: TokenView[] = [];
		for (const [id, raw] of Object.entries(all)) {
			const r = parseToken(raw);
			if (r)
				out.push({
					id,
					name: r.name,
					createdBy: r.createdBy,
					createdAt: r.createdAt,
					ack: r.ack === true
				});
		}
		return out.sort((a, b) => a.createdAt - b.createdAt);
	}

	/** The token's id, name and ack right when `token` is a valid, unrevoked display token. */
	async checkToken(token: string): Promise<{ id: string; name: string; ack: boolean } | null> {
		const m = /^hdt_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(token);
		if (!m) return null;
		const rec = parseToken(await this.client().hGet(TOKENS_KEY, m[1]!));
		if (!rec) return null;
		const a = Buffer.from(digest(m[2]!), 'hex');
		const b = Buffer.from(rec.digest, 'hex');
		return a.length === b.length && timingSafeEqual(a, b)
			? { id: m[1]!, name: rec.name, ack: rec.ack === true }
			: null;
	}

	/** Which of these display tokens still exist (one round trip). */
	async liveTokens(ids: string[]): Promise<Set<string>> {
		if (!ids.length) return new Set();
		const vals = await this.client().hmGet(TOKENS_KEY, ids);
		return new Set(ids.filter((_, i) => vals[i] !== null));
	}

	async revokeToken(id: string): Promise<Reply<{ id: string; sessions: string[] }>> {
		if (!(await this.client().hDel(TOKENS_KEY, id)))
			return fail('not_found', `no display token with id "${id.slice(0, 40)}"`);
		return ok({ id, sessions: await this.sessions.endTokenSessions(id) });
	}

	/** Ends every session of an account; returns their digests. */
	endUserSessions(user: string): Promise<string[]> {
		return this.sessions.endUserSessions(user);
	}
}

/** Replaces an account's record only while its stored hash is still the one just verified. */
const REPLACE_IF_SAME = `local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur then
	local ok, r = pcall(cjson.decode, cur)
	if ok and type(r) == 'table' and r.hash == ARGV[2] then redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) return 1 end
end
return 0`;

/** A stored JSON record that validates, or null (absent, not JSON, wrong shape). */
function parseRecord<T>(schema: z.ZodType<T>, raw: string | null | undefined): T | null {
	if (!raw) return null;
	try {
		const r = schema.safeParse(JSON.parse(raw));
		return r.success ? r.data : null;
	} catch {
		return null;
	}
}

const parseToken = (raw: string | null | undefined): TokenRecord | null =>
	parseRecord(tokenRecordSchema, raw);
