// The identity provider through openid-client: discovery (cached once it worked; retried on
// the next sign-in when it did not, one attempt at a time), the authorization URL with PKCE,
// state and nonce, the code exchange with the ID token's checks (signature, issuer, audience,
// expiry, nonce — openid-client does them), and the end-session URL for RP-initiated logout.
// Every request gives up after OIDC_TIMEOUT_MS, so a provider that hangs costs a bounded wait.
import * as oidc from 'openid-client';
import type { SsoError } from '../../../shared/protocol/sso.ts';
import type { OidcConfig } from '../../platform/oidc-config.ts';

export interface Checks {
	state: string;
	nonce: string;
	verifier: string;
}

export type Exchange =
	{ ok: true; claims: Record<string, unknown> } | { ok: false; code: SsoError; why: string };

/** A network failure or timeout somewhere in the error's causes: the provider is down, not wrong. */
function unreachable(err: unknown): boolean {
	for (let e = err, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
		const { name, message } = e as Error;
		if (name === 'AbortError' || name === 'TimeoutError') return true;
		if (
			typeof message === 'string' &&
			/fetch failed|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|socket/i.test(message)
		)
			return true;
		if (e instanceof oidc.ResponseBodyError && e.status >= 500) return true;
	}
	return false;
}

const reason = (err: unknown) => String((err as Error)?.message ?? err).slice(0, 200);

export class OidcProvider {
	#config: oidc.Configuration | null = null;
	#discovering: Promise<oidc.Configuration> | null = null;

	constructor(private readonly cfg: OidcConfig) {}

	/** The provider's metadata and keys endpoint (fetched once; a failure is not remembered). */
	configuration(): Promise<oidc.Configuration> {
		if (this.#config) return Promise.resolve(this.#config);
		this.#discovering ??= oidc
			.discovery(
				this.cfg.issuer,
				this.cfg.clientId,
				{ redirect_uris: [this.cfg.redirectUrl.href], response_types: ['code'] },
				this.cfg.clientSecret ? oidc.ClientSecretPost(this.cfg.clientSecret) : oidc.None(),
				{
					timeout: this.cfg.timeoutMs / 1000,
					// parseOidc allows plain http only to a provider on loopback
					execute: this.cfg.issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : []
				}
			)
			.then((c) => (this.#config = c))
			.finally(() => (this.#discovering = null));
		return this.#discovering;
	}

	/** The URL to send the browser to, or why there is none (the provider did not answer). */
	async authorizationUrl(
		checks: Checks
	): Promise<{ ok: true; url: URL } | { ok: false; code: SsoError; why: string }> {
		let config: oidc.Configuration;
		try {
			config = await this.configuration();
		} catch (err) {
			return { ok: false, code: unreachable(err) ? 'provider_down' : 'invalid', why: reason(err) };
		}
		const url = oidc.buildAuthorizationUrl(config, {
			redirect_uri: this.cfg.redirectUrl.href,
			scope: this.cfg.scopes,
			state: checks.state,
			nonce: checks.nonce,
			code_challenge: await oidc.calculatePKCECodeChallenge(checks.verifier),
			code_challenge_method: 'S256'
		});
		return { ok: true, url };
	}

	/** Trades the code for tokens and returns the verified ID token's claims. */
	async exchange(callback: URL, checks: Checks): Promise<Exchange> {
		try {
			const config = await this.configuration();
			const tokens = await oidc.authorizationCodeGrant(config, callback, {
				pkceCodeVerifier: checks.verifier,
				expectedState: checks.state,
				expectedNonce: checks.nonce,
				idTokenExpected: true
			});
			const claims = tokens.claims();
			if (!claims) return { ok: false, code: 'invalid', why: 'no ID token' };
			return { ok: true, claims: claims as Record<string, unknown> };
		} catch (err) {
			if (err instanceof oidc.AuthorizationResponseError)
				return { ok: false, code: 'refused', why: `${err.error}` };
			return { ok: false, code: unreachable(err) ? 'provider_down' : 'invalid', why: reason(err) };
		}
	}

	/** Where to send the browser to end its session at the provider too (null: it offers none). */
	async endSessionUrl(): Promise<URL | null> {
		const c = await this.configuration().catch(() => null);
		if (!c?.serverMetadata().end_session_endpoint) return null;
		return oidc.buildEndSessionUrl(c, {
			client_id: this.cfg.clientId,
			post_logout_redirect_uri: this.cfg.postLogoutUrl.href
		});
	}
}
