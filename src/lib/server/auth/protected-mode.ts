// Like Redis's protected mode: with no accounts the dashboard serves without sign-in only on
// loopback. Asked to listen elsewhere with no accounts, it refuses to start, unless
// PROTECTED_MODE=false says the operator means it (a proxy in front doing auth, say).
import { isIP } from 'node:net';

export function isLoopback(host: string): boolean {
	const h = host
		.trim()
		.toLowerCase()
		.replace(/^\[|\]$/g, '');
	if (h === 'localhost') return true;
	if (isIP(h) === 4) return h.startsWith('127.');
	if (isIP(h) === 6) return h === '::1' || h.startsWith('::ffff:127.');
	return false;
}

export class ProtectedModeError extends Error {
	override name = 'ProtectedModeError';
}

/** Throws when the server must not start; returns a line to log otherwise. */
export function protectedModeCheck(
	host: string,
	protectedMode: boolean,
	userCount: number | null
): string {
	if (userCount !== null && userCount > 0) return `authentication on: ${userCount} account(s)`;
	if (isLoopback(host)) {
		return userCount === 0
			? `no accounts configured: authentication is off and the dashboard listens on loopback (${host}) only; add one with "npm run user -- add <name> --role admin"`
			: 'Redis not reachable yet: sign-in is required until the account list can be read';
	}
	if (!protectedMode)
		return `WARNING: PROTECTED_MODE=false: serving on ${host} WITHOUT authentication (no accounts configured)`;
	if (userCount === null)
		return `Redis not reachable yet: every request on ${host} needs sign-in until the account list can be read`;
	throw new ProtectedModeError(
		`refusing to listen on ${host} with no accounts configured (anyone who can reach it could flush the cache and read spend). ` +
			`Create an admin first: npm run user -- add <name> --role admin; or listen on loopback (HOST=127.0.0.1); ` +
			`or set PROTECTED_MODE=false if something in front of the dashboard authenticates.`
	);
}
