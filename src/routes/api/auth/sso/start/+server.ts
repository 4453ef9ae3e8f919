import { startSso } from '$lib/server/http/sso-routes';

/** GET ?next=<path>: to the identity provider (303), or /login?sso=<code> saying why not. */
export function GET(event) {
	return startSso(event);
}
