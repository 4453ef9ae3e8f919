// From a verified ID token's claims to a dashboard principal: the name (OIDC_USER_CLAIM), the
// role (the highest that any value of OIDC_ROLE_CLAIM maps to), the teams (OIDC_TEAMS_CLAIM).
// Re-read at every sign-in, so a user moved out of a group loses its role the next time.
// Anything missing or odd refuses the sign-in with a code the sign-in page explains.
import { ROLES, type Principal, type Role } from '../../../shared/auth.ts';
import { ACCOUNT_NAME } from '../../../shared/protocol/accounts.ts';
import type { SsoError } from '../../../shared/protocol/sso.ts';
import type { OidcConfig } from '../../platform/oidc-config.ts';

export type Mapped =
	{ ok: true; principal: Principal } | { ok: false; code: SsoError; why: string };

/** a claim's values, whether the provider sent one string or a list (at most 200 kept) */
function values(v: unknown): string[] {
	const all = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
	return all
		.filter((x): x is string => typeof x === 'string')
		.slice(0, 200)
		.map((x) => x.trim())
		.filter(Boolean);
}

export function mapClaims(
	claims: Record<string, unknown>,
	cfg: Pick<OidcConfig, 'userClaim' | 'roleClaim' | 'roleMap' | 'teamsClaim'>
): Mapped {
	const name = claims[cfg.userClaim];
	if (typeof name !== 'string' || !ACCOUNT_NAME.test(name))
		return {
			ok: false,
			code: 'name',
			why: `claim ${cfg.userClaim} is ${typeof name === 'string' ? 'not 1–64 letters, digits, . _ @ or -' : 'missing'}`
		};
	const groups = values(claims[cfg.roleClaim]);
	let role: Role | null = null;
	for (const g of groups) {
		const r = cfg.roleMap.get(g);
		if (r && (role === null || ROLES.indexOf(r) > ROLES.indexOf(role))) role = r;
	}
	if (!role)
		return {
			ok: false,
			code: 'no_role',
			why: `claim ${cfg.roleClaim} has ${groups.length ? `none of the mapped values (${groups.length} values)` : 'no values'}`
		};
	let teams: string[] | null = null;
	if (cfg.teamsClaim) {
		const t = values(claims[cfg.teamsClaim]);
		if (!t.length) return { ok: false, code: 'no_teams', why: `claim ${cfg.teamsClaim} is empty` };
		teams = t.includes('*') ? null : [...new Set(t)];
	}
	return { ok: true, principal: { user: name, role, kind: 'user', teams, sso: true } };
}
