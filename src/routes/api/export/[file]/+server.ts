import { collectRequests } from '$lib/server/explore/tail-export';
import { exportFile, parseExport } from '$lib/server/export/request';
import { failure } from '$lib/server/http/respond';
import { dateOfDay, startOfDay } from '$lib/shared/time';
import { validate } from '$lib/shared/protocol/reply';
import { tailFilterSchema } from '$lib/shared/protocol/tail';
import { filterFromQuery } from '$lib/shared/protocol/tail-query';

/**
 * GET /api/export/<spend|users|cache|security|system|requests>.<csv|json|xlsx>?from=YYYY-MM-DD&to=YYYY-MM-DD[&table=]
 * (requests also takes the tail's filter: ?model=&user=&team=&outcome=&status=&errorType=&minLatencyMs=&minCostUsd=&text=)
 */
export async function GET({ params, url, locals }) {
	const { rt } = locals;
	const { enableExports, timezone } = rt.config;
	if (!enableExports) return failure('disabled', 'exports are disabled (ENABLE_EXPORTS=false)');
	const now = rt.health().now;
	const p = parseExport(params.file, url.searchParams, now, timezone);
	if (!p.ok) return failure('invalid', p.error);
	let read;
	if (p.dataset === 'requests') {
		const f = validate(tailFilterSchema, filterFromQuery(url.searchParams));
		if (!f.ok) return failure('invalid', f.msg);
		if (!rt.health().redis.connected)
			return failure('unavailable', 'the dashboard cannot reach Redis: no requests to export');
		// the range's days in the dashboard's zone, both ends included
		const from = startOfDay(dateOfDay(p.from), timezone);
		const to = startOfDay(dateOfDay(p.to + 1), timezone) - 1;
		const teams = locals.session?.principal.teams ?? null;
		try {
			read = await collectRequests(rt.tail, f.data, teams, from, to);
		} catch (err) {
			return failure('unavailable', `reading helix:events failed: ${(err as Error).message}`);
		}
	}
	const f = exportFile(rt, p, now, timezone, read);
	if ('error' in f) return failure('invalid', f.error);
	rt.logging.log.info({ module: 'export', dataset: p.dataset, format: p.format }, 'export');
	return new Response(f.body, {
		headers: {
			'content-type': f.contentType,
			'content-disposition': `attachment; filename="${f.filename}"`,
			'cache-control': 'no-store'
		}
	});
}
