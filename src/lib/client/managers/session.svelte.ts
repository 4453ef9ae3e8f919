// Who is signed in, as the layout's server load said. Controls read it to hide what the
// role cannot do (the server refuses it anyway); the API client reads the CSRF token from it.
import { allows, type Permission, type SessionInfo } from '../../shared/auth.ts';

class SessionState {
	#info = $state<SessionInfo>({ principal: null, authRequired: false, csrf: null });

	get info(): SessionInfo {
		return this.#info;
	}

	set(info: SessionInfo): void {
		this.#info = info;
	}

	can(need: Permission): boolean {
		return allows(this.#info.principal, need);
	}
}

export const session = new SessionState();

/** The session ended elsewhere (logout, revoked, expired): go to the sign-in page. */
export function toLogin(): void {
	if (location.pathname === '/login') return;
	location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
}
