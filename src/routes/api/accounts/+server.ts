import { json } from '@sveltejs/kit';
import { readJson, respond } from '$lib/server/http/respond';

/** GET: accounts (never their hashes). POST {name, role, teams?, password}: a new account. */
export async function GET({ locals }) {
	return json(await locals.rt.accounts.listAccounts());
}

export async function POST({ request, locals }) {
	const b = await readJson(request);
	return b.ok ? respond(await locals.rt.accounts.createAccount(b.data), 201) : respond(b);
}
