import { json } from '@sveltejs/kit';
import { noteChange } from '$lib/server/http/audit-note';
import { readJson, respond } from '$lib/server/http/respond';

/** GET: accounts (never their hashes). POST {name, role, teams?, password}: a new account. */
export async function GET({ locals }) {
	return json(await locals.rt.accounts.listAccounts());
}

export async function POST({ request, locals }) {
	const b = await readJson(request);
	if (!b.ok) return respond(b);
	const r = await locals.rt.accounts.createAccount(b.data);
	noteChange(locals, r, (d) => {
		const a = d as { name: string; role: string; teams: string[] | null };
		return {
			target: a.name,
			changes: `created, role ${a.role}${a.teams ? `, teams ${a.teams.join(', ')}` : ''}`
		};
	});
	return respond(r, 201);
}
