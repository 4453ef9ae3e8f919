// The session cookie's value: the random session id and its HMAC-SHA256 under the signing
// secret (shared by every node), so a forged or altered cookie is refused before Redis is asked.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signCookie(id: string, secret: string): string {
	return `${id}.${createHmac('sha256', secret).update(id).digest('base64url')}`;
}

/** The session id inside a signed cookie value, or null (no dot, wrong signature). */
export function unsignCookie(cookie: string, secret: string): string | null {
	const dot = cookie.lastIndexOf('.');
	if (dot <= 0) return null;
	const id = cookie.slice(0, dot);
	const a = Buffer.from(signCookie(id, secret));
	const b = Buffer.from(cookie);
	return a.length === b.length && timingSafeEqual(a, b) ? id : null;
}
