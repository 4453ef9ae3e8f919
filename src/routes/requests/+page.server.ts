import { tailFilterSchema, type TailBatch } from '$lib/shared/protocol/tail';
import { validate } from '$lib/shared/protocol/reply';
import { filterFromQuery } from '$lib/shared/protocol/tail-query';

/**
 * The tail's first paint: the newest rows matching the filter in the query string, read from
 * helix:events on the server (redacted). The browser then watches after the newest of them,
 * so nothing written between this render and the socket's watch is lost.
 */
export async function load({ locals, url }) {
	const p = locals.session?.principal ?? null;
	const f = validate(tailFilterSchema, filterFromQuery(url.searchParams));
	const filter = f.ok ? f.data : {};
	let first: TailBatch | null = null;
	let error: string | null = f.ok ? null : f.msg;
	if (locals.rt.health().redis.connected) {
		try {
			first = await locals.rt.tail.before(filter, p?.teams ?? null, undefined, 100);
		} catch (err) {
			error = `reading helix:events failed: ${(err as Error).message}`;
		}
	} else error ??= 'the dashboard cannot reach Redis: the tail starts when it can';
	return { filter, first, error };
}
