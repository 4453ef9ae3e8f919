import { json } from '@sveltejs/kit';
import { readJson, unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';

/** GET: accounts (never their hashes). POST {name, role, teams?, password}: a new account. */
export async function GET() {
	const rt = getRealtime();
	if (!rt) return unavailable();
	return json(await rt.auth.accounts.listUsers());
}

export async function POST({ request }) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	const b = await readJson(request);
	if (!b.ok) return b.res;
	const r = await rt.auth.accounts.createUser(b.body);
	if (!r.ok) return json({ error: r.msg }, { status: r.status ?? 400 });
	await rt.auth.load();
	return json(r.data, { status: 201 });
}
