import { json } from '@sveltejs/kit';
import { failure, respond } from '$lib/server/http/respond';
import { historyQuerySchema } from '$lib/shared/protocol/history';
import { validate } from '$lib/shared/protocol/reply';

/** GET ?metric=&from=<ms>&to=<ms>[&step=<ms>][&model=|&team=] — docs/history.md */
export async function GET({ url, locals }) {
	const history = locals.rt.history;
	if (!history) return failure('disabled', 'history is disabled (ENABLE_HISTORY=false)');
	const q = validate(historyQuerySchema, Object.fromEntries(url.searchParams));
	if (!q.ok) return respond(q);
	const refused = history.refusal(q.data, locals.session?.principal ?? null);
	if (refused) return failure('forbidden', refused);
	return json(await history.query(q.data), { headers: { 'cache-control': 'no-store' } });
}
