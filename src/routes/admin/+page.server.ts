import { getRealtime } from '$lib/server/registry';

/** Accounts and display tokens as the admin API gives them (no hashes, no token secrets). */
export async function load() {
	const rt = getRealtime();
	if (!rt || !rt.health().redis.connected) return { accounts: null, tokens: null };
	return { accounts: await rt.auth.accounts.listUsers(), tokens: await rt.auth.accounts.listTokens() };
}
