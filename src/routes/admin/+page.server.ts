/** Accounts and display tokens as the admin API gives them (no hashes, no token secrets). */
export async function load({ locals }) {
	const { rt } = locals;
	if (!rt.health().redis.connected) return { accounts: null, tokens: null };
	return { accounts: await rt.accounts.listAccounts(), tokens: await rt.accounts.listTokens() };
}
