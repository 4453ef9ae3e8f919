import { json } from '@sveltejs/kit';
import { nameOf, noteChange } from '$lib/server/http/audit-note';
import { readJson, respond } from '$lib/server/http/respond';

/**
 * GET: display tokens (no secrets). POST {name, ack?}: a new token — shown once, in this
 * answer only; ack: true lets the wall acknowledge alerts.
 */
export async function GET({ locals }) {
	return json(await locals.rt.accounts.listTokens());
}

export async function POST({ request, locals }) {
	const b = await readJson(request);
	if (!b.ok) return respond(b);
	const body = (b.data ?? {}) as { name?: unknown; ack?: unknown };
	const r = await locals.rt.accounts.createToken(
		body.name,
		locals.session?.principal.user ?? '?',
		body.ack ?? false
	);
	noteChange(locals, r, (d) => ({
		target: nameOf(d),
		changes: (d as { ack: boolean }).ack ? 'created, may acknowledge alerts' : 'created'
	}));
	const res = respond(r, 201);
	if (r.ok) res.headers.set('cache-control', 'no-store');
	return res;
}
