// Who a request or socket is: a signed-in account, a NOC wall's display token, or — with no
// accounts on loopback — the open principal; and the session that carries it.
import type { Principal } from '../../shared/auth.ts';
import type { SessionRecord } from './sessions.ts';

export const SESSION_COOKIE = 'helix_session';

export const OPEN_PRINCIPAL: Principal = {
	user: 'local',
	role: 'admin',
	kind: 'open',
	teams: null
};

export interface Session {
	principal: Principal;
	/** SHA-256 of the cookie id: what Redis and the sockets know it by */
	digest: string;
	record: SessionRecord | null;
	/** the display token a bearer caller presented (its sockets are cut when it is revoked) */
	tokenId?: string;
}

/** How a revoked display token is named on the revocation channel, beside session digests. */
export const tokenRevocation = (id: string) => `token:${id}`;

export function displayPrincipal(name: string, canAck = false): Principal {
	return {
		user: `display:${name}`,
		role: 'viewer',
		kind: 'display',
		teams: null,
		...(canAck ? { canAck } : {})
	};
}

export function roleOf(p: Principal | null): string {
	return !p ? '-' : p.kind === 'display' ? 'display' : p.role;
}
