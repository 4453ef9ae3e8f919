import type { SessionInfo } from '../../shared/auth.ts';
import type { AuthService } from './service.ts';
import type { Session } from './principals.ts';

/** What the browser may know of its session: never the session id, a hash or a secret. */
export function sessionInfo(auth: Pick<AuthService, 'required'>, s: Session | null): SessionInfo {
	return {
		principal: s?.principal ?? null,
		authRequired: auth.required,
		csrf: s?.record?.csrf ?? null
	};
}

/** The name an action is recorded under: the signed-in account; with auth off, what the caller says (else "local"). */
export function actorName(s: Session | null, claimed: unknown): string {
	if (s && s.principal.kind !== 'open') return s.principal.user;
	return typeof claimed === 'string' && claimed.trim() ? claimed.trim().slice(0, 100) : 'local';
}
