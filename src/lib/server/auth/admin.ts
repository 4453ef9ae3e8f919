// Account administration, as the admin API, the Admin page and the CLI use it: every change
// that takes rights away also ends the account's sessions on every node at once, and a change
// to the number of accounts is re-read at once (it decides whether sign-in is required).
import { fail, ok, type Reply } from '../../shared/protocol/reply.ts';
import type { AccountView, TokenView } from '../../shared/protocol/accounts.ts';
import { tokenRevocation } from './principals.ts';
import type { AuthService } from './service.ts';

export class AccountAdmin {
	constructor(
		private readonly auth: AuthService,
		/** an account or token changed here: every node tells its admins' pages */
		private readonly onChange: () => void = () => {}
	) {}

	#done<T>(r: Reply<T>): Reply<T> {
		if (r.ok) this.onChange();
		return r;
	}

	listAccounts(): Promise<AccountView[]> {
		return this.auth.accounts.listUsers();
	}

	listTokens(): Promise<TokenView[]> {
		return this.auth.accounts.listTokens();
	}

	/**
	 * The first account turns sign-in on, so it must be an admin: a first viewer would lock
	 * everyone out of the Admin page for good.
	 */
	async createAccount(input: unknown): Promise<Reply<AccountView>> {
		const role = (input as { role?: unknown } | null)?.role;
		if (role !== 'admin' && (await this.auth.accounts.userCount()) === 0)
			return fail(
				'invalid',
				'the first account must be an admin: creating it turns sign-in on, and only an admin can make the others'
			);
		const r = await this.auth.accounts.createUser(input);
		if (r.ok) await this.auth.load();
		return this.#done(r);
	}

	/** Changes role, teams or password; the account's sessions end (it signs in again with the new rights). */
	async updateAccount(name: string, input: unknown): Promise<Reply<AccountView>> {
		const r = await this.auth.accounts.updateUser(name, input);
		if (r.ok) await this.auth.revoked(await this.auth.accounts.endUserSessions(name));
		return this.#done(r);
	}

	/** Removes the account and every session of it, at once. */
	async deleteAccount(name: string): Promise<Reply<{ name: string }>> {
		const r = await this.auth.accounts.deleteUser(name);
		if (!r.ok) return r;
		await this.auth.revoked(await this.auth.accounts.endUserSessions(name));
		await this.auth.load();
		return this.#done(r);
	}

	/** Signs an account out everywhere: open pages and sockets are cut on every node. */
	async signOutEverywhere(name: string): Promise<{ name: string; sessions: number }> {
		const ended = await this.auth.accounts.endUserSessions(name);
		await this.auth.revoked(ended);
		return { name, sessions: ended.length };
	}

	async createToken(
		name: unknown,
		createdBy: string,
		ack: unknown = false
	): Promise<Reply<TokenView & { token: string }>> {
		return this.#done(await this.auth.accounts.createToken(name, createdBy, ack));
	}

	/** Revokes a display token; every wall signed in with it is disconnected. */
	async revokeToken(id: string): Promise<Reply<{ id: string; sessions: number }>> {
		const r = await this.auth.accounts.revokeToken(id);
		if (!r.ok) return r;
		// the walls' sessions, and any socket that presented the token itself as a bearer
		await this.auth.revoked([...r.data.sessions, tokenRevocation(id)]);
		return this.#done(ok({ id: r.data.id, sessions: r.data.sessions.length }));
	}
}
