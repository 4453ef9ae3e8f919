import { finishSso } from '$lib/server/http/sso-routes';

/** GET ?code&state (from the identity provider): a session and on to `next`, or /login?sso=<code>. */
export function GET(event) {
	return finishSso(event);
}
