import { json } from '@sveltejs/kit';
import { exportFile, parseExport } from '$lib/server/export/request';
import { getRealtime } from '$lib/server/registry';

/** GET /api/export/<spend|users|cache|security|system>.<csv|json|xlsx>?from=YYYY-MM-DD&to=YYYY-MM-DD[&table=] */
export function GET({ params, url }) {
	const rt = getRealtime();
	if (!rt) return json({ error: 'realtime module not attached' }, { status: 503 });
	const { enableExports, timezoneOffset } = rt.config;
	if (!enableExports) return json({ error: 'exports are disabled (ENABLE_EXPORTS=false)' }, { status: 404 });
	const now = rt.health().now;
	const p = parseExport(params.file, url.searchParams, now, timezoneOffset);
	if (!p.ok) return json({ error: p.error }, { status: p.status });
	const f = exportFile(rt, p, now, timezoneOffset);
	if ('error' in f) return json({ error: f.error }, { status: 400 });
	rt.logging.log.info({ module: 'export', dataset: p.dataset, format: p.format }, 'export');
	return new Response(f.body, {
		headers: {
			'content-type': f.contentType,
			'content-disposition': `attachment; filename="${f.filename}"`,
			'cache-control': 'no-store'
		}
	});
}
