import { json } from '@sveltejs/kit';
import { readJson, unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';

/** GET: display tokens (no secrets). POST {name}: a new token — shown once, in this answer only. */
export async function GET() {
	const rt = getRealtime();
	if (!rt) return unavailable();
	return json(await rt.auth.accounts.listTokens());
}

export async function POST({ request, locals }) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	const b = await readJson(request);
	if (!b.ok) return b.res;
	const r = await rt.auth.accounts.createToken((b.body as { name?: unknown } | null)?.name, locals.session?.principal.user ?? '?');
	return r.ok ? json(r.data, { status: 201, headers: { 'cache-control': 'no-store' } }) : json({ error: r.msg }, { status: 400 });
}
