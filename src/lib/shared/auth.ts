// Roles, permission levels and what the browser may know about who is signed in. Shared so
// the UI hides what the server would refuse anyway (the server is what enforces it).

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a route or socket event needs. 'display' is the read-only NOC wall level;
 * 'acknowledge' is an operator's, or a wall's whose display token was made to allow it.
 */
export type Permission = 'public' | 'display' | 'view' | 'acknowledge' | 'operate' | 'admin';

const NEED: Record<Permission, number> = {
	public: 0,
	display: 1,
	view: 2,
	acknowledge: 3,
	operate: 3,
	admin: 4
};
const HAS: Record<Role, number> = { viewer: 2, operator: 3, admin: 4 };

/** Who is making a request, as the browser may see it (no hashes, no session ids). */
export interface Principal {
	/** account name, display token name, or "local" when authentication is off */
	user: string;
	role: Role;
	/** 'display' for a NOC wall signed in with a display token */
	kind: 'user' | 'display' | 'open';
	/** null: every team; else only these teams' data */
	teams: string[] | null;
	/** a display token that may acknowledge alerts on the wall (absent: it may not) */
	canAck?: boolean;
	/** signed in through the identity provider (single sign-on), not with a password */
	sso?: true;
}

export function level(p: Principal | null): number {
	if (!p) return 0;
	return p.kind === 'display' ? NEED.display : HAS[p.role];
}

export function allows(p: Principal | null, need: Permission): boolean {
	if (need === 'acknowledge' && p?.kind === 'display') return p.canAck === true;
	return level(p) >= NEED[need];
}

/** The words of a refusal: what was needed and what the caller has. */
export function refusal(p: Principal | null, need: Permission): string {
	if (!p) return 'sign in first';
	const needs = {
		public: 'nothing',
		display: 'a display token or any role',
		view: 'the viewer role',
		acknowledge: 'the operator role (or a display token that may acknowledge)',
		operate: 'the operator role',
		admin: 'the admin role'
	}[need];
	return `this needs ${needs}; ${p.kind === 'display' ? 'this display token is read-only for the NOC wall' : `${p.user} is ${p.role}`}`;
}

/** What the layout gives the browser about the session. */
export interface SessionInfo {
	principal: Principal | null;
	/** authentication is required on this server (false: loopback with no users configured) */
	authRequired: boolean;
	/** the token state-changing requests must echo in X-CSRF-Token (null without a session) */
	csrf: string | null;
}

export const CSRF_HEADER = 'x-csrf-token';

export type AuditResult = 'ok' | 'denied' | 'failed';

export interface AuditEntry {
	/** ms since epoch */
	at: number;
	actor: string;
	/** the actor's role, or 'display', or '-' when nobody was signed in */
	role: string;
	ip: string;
	action: string;
	target: string;
	result: AuditResult;
	/** why it failed or was denied, the HTTP status, a count… */
	detail: string;
}

/**
 * Where to go after sign-in: `next` only when it resolves to a path on this very origin
 * (parsed with URL, as the browser will: "/\t/evil.example" is another host once tabs and
 * newlines are stripped), else "/". Returns path, query and hash.
 */
export function safeNext(next: string | null, origin: string): string {
	// control characters are stripped by browsers ("/\t/evil" becomes "//evil"): refused outright
	if (
		!next ||
		!next.startsWith('/') ||
		[...next].some((c) => c < ' ' || c === '\u007f' || c === '\\')
	)
		return '/';
	try {
		const u = new URL(next, origin);
		return u.origin === origin ? `${u.pathname}${u.search}${u.hash}` : '/';
	} catch {
		return '/';
	}
}
