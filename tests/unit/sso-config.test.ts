// Single sign-on's settings and its claim mapping (issue 24): half a configuration, a role
// map with an unknown role, plain http to a remote provider and LOCAL_SIGNIN=false without
// single sign-on are refused at start with a sentence naming the variable; claims map to
// the highest role any group grants, teams from their claim ("*": all), anything missing
// refuses the sign-in.
import { describe, expect, it } from 'vitest';
import { mapClaims } from '../../src/lib/server/auth/sso/claims.ts';
import { ConfigError, parseConfig } from '../../src/lib/server/platform/config.ts';
import { parseOidc, parseRoleMap } from '../../src/lib/server/platform/oidc-config.ts';

const BASE = {
	OIDC_ISSUER: 'https://idp.example.com/realms/ops',
	OIDC_CLIENT_ID: 'helix',
	OIDC_REDIRECT_URL: 'https://dash.example.com/api/auth/sso/callback',
	OIDC_ROLE_MAP: 'ops-admins=admin, ops=operator,everyone=viewer'
};

describe('OIDC settings', () => {
	it('reads a full configuration with defaults', () => {
		const c = parseOidc(BASE)!;
		expect(c.issuer.href).toBe('https://idp.example.com/realms/ops');
		expect([...c.roleMap]).toEqual([
			['ops-admins', 'admin'],
			['ops', 'operator'],
			['everyone', 'viewer']
		]);
		expect(c).toMatchObject({
			clientSecret: null,
			userClaim: 'preferred_username',
			roleClaim: 'groups',
			teamsClaim: null,
			scopes: 'openid profile email groups',
			timeoutMs: 5000
		});
		expect(c.postLogoutUrl.href).toBe('https://dash.example.com/login');
		expect(parseOidc({})).toBeNull();
	});

	it.each([
		[{ OIDC_CLIENT_ID: undefined }, /half configured: .*OIDC_CLIENT_ID missing/],
		[{ OIDC_ROLE_MAP: 'ops=root' }, /OIDC_ROLE_MAP.*roles: viewer, operator, admin/],
		[{ OIDC_ROLE_MAP: 'a=admin,a=viewer' }, /"a" twice/],
		[{ OIDC_ISSUER: 'http://idp.example.com' }, /OIDC_ISSUER.*http:\/\/ only on loopback/],
		[
			{ OIDC_REDIRECT_URL: 'https://dash.example.com/callback' },
			/OIDC_REDIRECT_URL.*\/api\/auth\/sso\/callback/
		],
		[{ OIDC_SCOPES: 'profile email' }, /OIDC_SCOPES.*openid/],
		[{ OIDC_ROLE_CLAIM: 'groups here' }, /OIDC_ROLE_CLAIM/]
	])('refuses %o', (change, message) => {
		expect(() => parseOidc({ ...BASE, ...change })).toThrow(message);
	});

	it('allows plain http to a provider on loopback only', () => {
		expect(parseOidc({ ...BASE, OIDC_ISSUER: 'http://127.0.0.1:9000' })?.issuer.port).toBe('9000');
	});

	it('refuses LOCAL_SIGNIN=false without single sign-on: nobody could sign in', () => {
		expect(() => parseConfig({ LOCAL_SIGNIN: 'false' })).toThrow(ConfigError);
		expect(() => parseConfig({ LOCAL_SIGNIN: 'false' })).toThrow(/nobody could sign in/);
		expect(parseConfig({ ...BASE, LOCAL_SIGNIN: 'false' }).auth.localSignIn).toBe(false);
	});
});

describe('claims to a principal', () => {
	const cfg = {
		userClaim: 'preferred_username',
		roleClaim: 'groups',
		roleMap: parseRoleMap('ops-admins=admin,ops=operator,everyone=viewer'),
		teamsClaim: null as string | null
	};

	it('takes the highest role any group grants, from a list or one string', () => {
		const p = (groups: unknown) => mapClaims({ preferred_username: 'kim', groups }, cfg);
		expect(p(['everyone', 'ops-admins', 'ops'])).toMatchObject({
			ok: true,
			principal: { role: 'admin' }
		});
		expect(p('ops')).toMatchObject({
			ok: true,
			principal: { role: 'operator', sso: true, teams: null }
		});
		expect(p(['staff'])).toMatchObject({ ok: false, code: 'no_role' });
		expect(p(undefined)).toMatchObject({ ok: false, code: 'no_role' });
		expect(p([42, { a: 1 }])).toMatchObject({ ok: false, code: 'no_role' });
	});

	it('refuses a missing or malformed name', () => {
		expect(mapClaims({ groups: ['ops'] }, cfg)).toMatchObject({ ok: false, code: 'name' });
		expect(mapClaims({ preferred_username: 'kim lee', groups: ['ops'] }, cfg)).toMatchObject({
			ok: false,
			code: 'name'
		});
	});

	it('reads teams from their claim when one is configured ("*": every team)', () => {
		const t = { ...cfg, teamsClaim: 'teams' };
		const p = (teams: unknown) => mapClaims({ preferred_username: 'kim', groups: 'ops', teams }, t);
		expect(p(['red', 'blue', 'red'])).toMatchObject({
			ok: true,
			principal: { teams: ['red', 'blue'] }
		});
		expect(p('red')).toMatchObject({ ok: true, principal: { teams: ['red'] } });
		expect(p(['*'])).toMatchObject({ ok: true, principal: { teams: null } });
		expect(p([])).toMatchObject({ ok: false, code: 'no_teams' });
		expect(p(undefined)).toMatchObject({ ok: false, code: 'no_teams' });
	});
});
