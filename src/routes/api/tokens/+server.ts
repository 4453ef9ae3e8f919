import { json } from '@sveltejs/kit';
import { readJson, respond } from '$lib/server/http/respond';

/** GET: display tokens (no secrets). POST {name}: a new token — shown once, in this answer only. */
export async function GET({ locals }) {
	return json(await locals.rt.accounts.listTokens());
}

export async function POST({ request, locals }) {
	const b = await readJson(request);
	if (!b.ok) return respond(b);
	const r = await locals.rt.accounts.createToken(
		(b.data as { name?: unknown } | null)?.name,
		locals.session?.principal.user ?? '?'
	);
	const res = respond(r, 201);
	if (r.ok) res.headers.set('cache-control', 'no-store');
	return res;
}
