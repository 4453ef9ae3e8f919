import type { SignInOptions } from '$lib/shared/protocol/sso';

/** Which ways in this server offers (the button's words; whether passwords are accepted). */
export function load({ locals }): { signIn: SignInOptions } {
	const { auth } = locals.rt.config;
	return {
		signIn: { sso: auth.oidc ? { label: auth.oidc.label } : null, local: auth.localSignIn }
	};
}
