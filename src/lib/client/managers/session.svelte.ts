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

/** set while the Admin page signs in as the first admin it just made (sign-in turned on) */
let signingIn = false;

/**
 * Holds the "go to sign-in" below while `p` runs, and for good when it answers true (it
 * started a page load of its own): creating the first account ends the open session's
 * socket, and the page is about to sign in and reload by itself.
 */
export async function whileSigningIn(p: () => Promise<boolean>): Promise<void> {
	signingIn = true;
	let navigating = false;
	try {
		navigating = await p();
	} finally {
		signingIn = navigating;
	}
}

/** The session ended elsewhere (logout, revoked, expired): go to the sign-in page. */
export function toLogin(): void {
	if (signingIn || location.pathname === '/login') return;
	location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
}
