// Single sign-on, start to finish. `begin` makes a flow (state, nonce, PKCE verifier, kept in
// Redis) and the provider's URL; `finish` takes the provider's answer: the state must be the
// one this browser was given (a cookie) and a live flow's (taken once), the code is traded
// and the ID token verified, the claims mapped to a role and teams — then a session opens
// exactly as a password sign-in's does (same cookie, same revocation, same audit entry).
// Failures count against the address like wrong passwords, and are audited.
import { timingSafeEqual } from 'node:crypto';
import type { Principal } from '../../../shared/auth.ts';
import type { SsoError } from '../../../shared/protocol/sso.ts';
import type { OidcConfig } from '../../platform/oidc-config.ts';
import type { Logger } from '../../platform/logging/log.ts';
import { redactText } from '../../security/pii/redact.ts';
import type { Opened, SignInHost } from '../sign-in-host.ts';
import { mapClaims } from './claims.ts';
import { SsoDirectory } from './directory.ts';
import { SsoFlows } from './flows.ts';
import { OidcProvider } from './provider.ts';

export type Begun = { ok: true; url: string; state: string } | { ok: false; code: SsoError };
export type Finished = { ok: true; next: string; login: Opened } | { ok: false; code: SsoError };

/** the browser's copy of the state, compared in constant time */
function sameState(a: string, b: string | undefined): boolean {
	if (!b || a.length !== b.length) return false;
	return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export class SsoSignIn {
	readonly provider: OidcProvider;
	readonly #flows: SsoFlows;
	/** who signed in this way (the Admin page lists them) */
	readonly directory: SsoDirectory;

	constructor(
		private readonly auth: SignInHost,
		readonly cfg: OidcConfig,
		private readonly deps: { isConnected: () => boolean; log: Logger }
	) {
		this.provider = new OidcProvider(cfg);
		this.directory = new SsoDirectory(() => auth.client);
		this.#flows = new SsoFlows(
			() => auth.client,
			() => auth.now()
		);
	}

	/** Never throws: anything unexpected is logged and told as "unavailable". */
	begin(next: string, ip: string): Promise<Begun> {
		return this.#guard('start', () => this.#begin(next, ip));
	}

	finish(params: URLSearchParams, browserState: string | undefined, ip: string): Promise<Finished> {
		return this.#guard('callback', () => this.#finish(params, browserState, ip));
	}

	async #guard<T>(step: string, run: () => Promise<T>): Promise<T | { ok: false; code: SsoError }> {
		try {
			return await run();
		} catch (err) {
			this.deps.log.error({ err: (err as Error).message, step }, 'single sign-on failed');
			return { ok: false, code: 'unavailable' };
		}
	}

	async #begin(next: string, ip: string): Promise<Begun> {
		if (!this.deps.isConnected()) return { ok: false, code: 'unavailable' };
		const flow = await this.#flows.open(next, ip).catch(() => undefined);
		if (flow === undefined) return { ok: false, code: 'unavailable' };
		if (flow === null) return { ok: false, code: 'locked' };
		const r = await this.provider.authorizationUrl(flow);
		if (!r.ok) {
			this.deps.log.warn(
				{ issuer: this.cfg.issuer.href, why: r.why },
				'single sign-on: the identity provider did not answer'
			);
			return { ok: false, code: r.code };
		}
		return { ok: true, url: r.url.href, state: flow.state };
	}

	/** The provider sent the browser back with `params`; `browserState` is the cookie's. */
	async #finish(
		params: URLSearchParams,
		browserState: string | undefined,
		ip: string
	): Promise<Finished> {
		const refuse = (code: SsoError, why: string, who = '?'): Finished => {
			const actor = redactText(who);
			this.auth.record({
				actor,
				role: '-',
				ip,
				action: 'login',
				target: actor,
				result:
					code === 'locked' || code === 'no_role' || code === 'no_teams' ? 'denied' : 'failed',
				detail: `single sign-on: ${code}: ${redactText(why).slice(0, 200)}`
			});
			return { ok: false, code };
		};
		if (!this.deps.isConnected()) return refuse('unavailable', 'redis unavailable');
		const gate = await this.auth.limiter.attemptAddress(ip);
		if (!gate.ok) return refuse('locked', gate.why);
		const state = params.get('state') ?? '';
		if (!sameState(state, browserState))
			return refuse('state', "state differs from this browser's");
		const flow = await this.#flows.take(state);
		if (!flow) return refuse('state', 'no such sign-in under way (expired or used)');
		// the provider's answer, as sent to OIDC_REDIRECT_URL (not this node's own view of its URL)
		const callback = new URL(this.cfg.redirectUrl);
		for (const [k, v] of params) callback.searchParams.append(k, v);
		const x = await this.provider.exchange(callback, flow);
		if (!x.ok) return refuse(x.code, x.why);
		const mapped = mapClaims(x.claims, this.cfg);
		const who =
			typeof x.claims[this.cfg.userClaim] === 'string' ? String(x.claims[this.cfg.userClaim]) : '?';
		if (!mapped.ok) return refuse(mapped.code, mapped.why, who);
		const p: Principal = mapped.principal;
		// a provider's user named like a local account would act under that account's name
		if (await this.auth.accounts.getUser(p.user))
			return refuse('name', `${p.user} is the name of a local account`, p.user);
		await this.auth.limiter.succeedAddress(ip);
		const login = await this.auth.openSession(p, this.auth.sessionMs);
		await this.directory.seen(p, this.auth.now());
		this.auth.record({
			actor: p.user,
			role: p.role,
			ip,
			action: 'login',
			target: p.user,
			result: 'ok',
			detail: `single sign-on (${this.cfg.issuer.host})${p.teams ? `; teams ${p.teams.join(', ').slice(0, 120)}` : ''}`
		});
		return { ok: true, next: flow.next, login };
	}

	/** RP-initiated logout: the provider's end-session URL for a single sign-on session, else null. */
	async logoutUrl(p: Principal): Promise<string | null> {
		return p.sso ? ((await this.provider.endSessionUrl())?.href ?? null) : null;
	}
}
