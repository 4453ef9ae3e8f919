// Single sign-on as the browser sees it: the two paths of the flow, what the sign-in page
// shows, and the sentence for each way a sign-in can fail. The server redirects to
// /login?sso=<code>; the page turns the code into its sentence (no free text in the URL).

/** a browser navigation here starts the flow (?next=<path> to come back to) */
export const SSO_START_PATH = '/api/auth/sso/start';
/** where the identity provider sends the browser back (OIDC_REDIRECT_URL's path) */
export const SSO_CALLBACK_PATH = '/api/auth/sso/callback';

/** what the sign-in page knows of the server's ways in */
export interface SignInOptions {
	/** the button's words when single sign-on is configured, else null */
	sso: { label: string } | null;
	/** name and password accepted (LOCAL_SIGNIN) */
	local: boolean;
}

export const SSO_ERRORS = {
	provider_down:
		'The identity provider did not answer, so nobody can sign in with it right now. Try again in a minute.',
	unavailable: 'Sign-in is unavailable: the dashboard cannot reach Redis. Try again in a minute.',
	state:
		'This sign-in was not started in this browser, was already used, or took longer than 10 minutes. Start again.',
	refused: 'The identity provider did not sign you in (cancelled or refused there).',
	invalid:
		"The identity provider's answer did not pass the checks (signature, issuer, audience, nonce or expiry); nothing was signed in.",
	no_role:
		'Your identity-provider account is in none of the groups this dashboard maps to a role. Ask an administrator to add you.',
	no_teams:
		'Your identity-provider account lists no teams, and this dashboard requires them. Ask an administrator.',
	name: "Your identity-provider account's name cannot be used here (it is missing, malformed, or the name of a local account).",
	locked: 'Too many failed sign-ins from this address or for this account. Try again later.',
	off: 'Single sign-on is not configured on this server.'
} as const;

export type SsoError = keyof typeof SSO_ERRORS;

export function ssoError(code: string | null): string | null {
	return code && Object.hasOwn(SSO_ERRORS, code) ? SSO_ERRORS[code as SsoError] : null;
}
