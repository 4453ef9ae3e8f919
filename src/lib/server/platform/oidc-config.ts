// Single sign-on settings (OIDC_*), parsed from the environment config.ts hands over. All of
// issuer, client id and redirect URL, or none: half a configuration is an error at start, not
// a sign-in button that fails. The role mapping is required — no group means no role (fail
// closed), so an identity provider's unrelated "admin" group never grants admin by default.
import { ROLES, type Role } from '../../shared/auth.ts';
import { SSO_CALLBACK_PATH } from '../../shared/protocol/sso.ts';
import { ConfigError, fail, number, type Env } from './env.ts';

export interface OidcConfig {
	issuer: URL;
	clientId: string;
	/** null: a public client (PKCE alone) */
	clientSecret: string | null;
	/** where the provider sends the browser back: <origin>/api/auth/sso/callback */
	redirectUrl: URL;
	/** where the provider sends the browser after an RP-initiated logout */
	postLogoutUrl: URL;
	scopes: string;
	/** the ID token claim that names the account (preferred_username by default) */
	userClaim: string;
	/** the claim whose values (a string or a list) map to a role */
	roleClaim: string;
	/** claim value → role; the highest role any value maps to wins */
	roleMap: ReadonlyMap<string, Role>;
	/** null: every SSO user sees every team; else the claim listing the teams ("*": all) */
	teamsClaim: string | null;
	/** the sign-in button's words */
	label: string;
	/** each request to the provider (discovery, token, keys) gives up after this long */
	timeoutMs: number;
}

const CLAIM = /^[A-Za-z0-9_.:/-]{1,100}$/;

function url(env: Env, name: string, raw: string): URL {
	try {
		const u = new URL(raw);
		if (u.protocol === 'https:' || u.protocol === 'http:') return u;
	} catch {
		/* below */
	}
	return fail(name, raw, 'an http:// or https:// URL');
}

function claim(env: Env, name: string, def: string | null): string | null {
	const raw = env[name]?.trim();
	if (!raw) return def;
	if (!CLAIM.test(raw)) fail(name, raw, 'a claim name (letters, digits, _ . : / -)');
	return raw;
}

/** "helix-admins=admin,helix-ops=operator" → a map; any other role word is an error. */
export function parseRoleMap(raw: string): Map<string, Role> {
	const map = new Map<string, Role>();
	for (const part of raw.split(',')) {
		const entry = part.trim();
		if (!entry) continue;
		const at = entry.lastIndexOf('=');
		const value = entry.slice(0, at).trim();
		const role = entry.slice(at + 1).trim() as Role;
		if (at <= 0 || !value || !ROLES.includes(role))
			fail('OIDC_ROLE_MAP', raw, `claim-value=role entries (roles: ${ROLES.join(', ')})`);
		if (map.has(value)) fail('OIDC_ROLE_MAP', raw, `each claim value once ("${value}" twice)`);
		map.set(value, role);
	}
	if (!map.size) fail('OIDC_ROLE_MAP', raw, 'at least one claim-value=role entry');
	return map;
}

export function parseOidc(env: Env): OidcConfig | null {
	const names = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_REDIRECT_URL', 'OIDC_ROLE_MAP'] as const;
	const given = names.filter((n) => env[n]?.trim());
	if (!given.length) return null;
	const missing = names.filter((n) => !env[n]?.trim());
	if (missing.length)
		throw new ConfigError(
			`single sign-on is half configured: ${given.join(', ')} set but ${missing.join(', ')} missing (docs/auth.md, "Single sign-on")`
		);
	const issuer = url(env, 'OIDC_ISSUER', env.OIDC_ISSUER!.trim());
	const redirectUrl = url(env, 'OIDC_REDIRECT_URL', env.OIDC_REDIRECT_URL!.trim());
	if (redirectUrl.pathname !== SSO_CALLBACK_PATH || redirectUrl.search)
		fail(
			'OIDC_REDIRECT_URL',
			redirectUrl.href,
			`the dashboard's public origin followed by ${SSO_CALLBACK_PATH}`
		);
	// plain http only to an identity provider on this machine (the demo's, the tests'): tokens
	// and codes cross that connection
	if (issuer.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname))
		fail('OIDC_ISSUER', issuer.href, 'an https:// URL (http:// only on loopback)');
	const scopes = env.OIDC_SCOPES?.trim() || 'openid profile email groups';
	if (!scopes.split(/\s+/).includes('openid'))
		fail('OIDC_SCOPES', scopes, 'space-separated scopes that include openid');
	const postLogout = env.OIDC_POST_LOGOUT_URL?.trim();
	return {
		issuer,
		clientId: env.OIDC_CLIENT_ID!.trim(),
		clientSecret: env.OIDC_CLIENT_SECRET?.trim() || null,
		redirectUrl,
		postLogoutUrl: postLogout
			? url(env, 'OIDC_POST_LOGOUT_URL', postLogout)
			: new URL('/login', redirectUrl.origin),
		scopes,
		userClaim: claim(env, 'OIDC_USER_CLAIM', 'preferred_username')!,
		roleClaim: claim(env, 'OIDC_ROLE_CLAIM', 'groups')!,
		roleMap: parseRoleMap(env.OIDC_ROLE_MAP!),
		teamsClaim: claim(env, 'OIDC_TEAMS_CLAIM', null),
		label: env.OIDC_LABEL?.trim().slice(0, 60) || 'single sign-on',
		timeoutMs: number(env, 'OIDC_TIMEOUT_MS', 5000, 500, 60_000, true)
	};
}
