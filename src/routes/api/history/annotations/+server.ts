import { json } from '@sveltejs/kit';
import { failure } from '$lib/server/http/respond';
import { MAX_HISTORY_SPAN_MS } from '$lib/shared/protocol/history';

/** GET ?from=<ms>&to=<ms> — what the time charts mark (flushes, alerts, changes, outages) */
export async function GET({ url, locals }) {
	const { history, auth } = locals.rt;
	if (!history) return failure('disabled', 'history is disabled (ENABLE_HISTORY=false)');
	const from = Number(url.searchParams.get('from'));
	const to = Number(url.searchParams.get('to'));
	if (!Number.isSafeInteger(from) || from < 0)
		return failure('invalid', 'from must be a time in milliseconds');
	if (!Number.isSafeInteger(to) || to <= from)
		return failure('invalid', 'to must be a time in milliseconds after from');
	if (to - from > MAX_HISTORY_SPAN_MS) return failure('invalid', 'the range is at most 400 days');
	return json(await history.annotations.list(from, to, auth.audit), {
		headers: { 'cache-control': 'no-store' }
	});
}
