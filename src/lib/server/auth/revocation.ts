// Revocation as every node hears it: the digests on REVOKED_CHANNEL (sessions, and display
// tokens as "token:<id>"), and dropping them from the caches kept for a Redis outage.
import type { BearerTokens } from './bearer.ts';
import type { RecentSessions } from './sessions.ts';

/** The digests of a REVOKED_CHANNEL message; null when it is not one of ours. */
export function parseRevoked(message: string): Set<string> | null {
	try {
		const ds = JSON.parse(message) as unknown;
		if (!Array.isArray(ds)) return null;
		return new Set(ds.filter((d): d is string => typeof d === 'string'));
	} catch {
		return null;
	}
}

export function forgetRevoked(
	names: Iterable<string>,
	recent: RecentSessions,
	bearer: BearerTokens
): void {
	const tokens = new Set<string>();
	for (const d of names) {
		recent.delete(d);
		if (d.startsWith('token:')) tokens.add(d.slice(6));
	}
	if (tokens.size) bearer.forget(tokens);
}
