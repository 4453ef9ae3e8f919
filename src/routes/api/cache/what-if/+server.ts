import { json } from '@sveltejs/kit';
import { whatIf } from '$lib/server/cache/what-if-reader';
import { failure, respond } from '$lib/server/http/respond';
import { validate } from '$lib/shared/protocol/reply';
import { whatIfQuerySchema } from '$lib/shared/protocol/what-if';

/** GET ?from=<ms>&to=<ms> — the semantic-threshold what-if over the range (docs/cache.md) */
export async function GET({ url, locals }) {
	const history = locals.rt.history;
	if (!history)
		return failure('disabled', 'the what-if reads the history rollups (ENABLE_HISTORY=false)');
	const q = validate(whatIfQuerySchema, Object.fromEntries(url.searchParams));
	if (!q.ok) return respond(q);
	return json(await whatIf(history.reader, q.data, history.now()), {
		headers: { 'cache-control': 'no-store' }
	});
}
