import { exportFile, parseExport } from '$lib/server/export/request';
import { failure } from '$lib/server/http/respond';

/** GET /api/export/<spend|users|cache|security|system>.<csv|json|xlsx>?from=YYYY-MM-DD&to=YYYY-MM-DD[&table=] */
export function GET({ params, url, locals }) {
	const { rt } = locals;
	const { enableExports, timezone } = rt.config;
	if (!enableExports) return failure('disabled', 'exports are disabled (ENABLE_EXPORTS=false)');
	const now = rt.health().now;
	const p = parseExport(params.file, url.searchParams, now, timezone);
	if (!p.ok) return failure('invalid', p.error);
	const f = exportFile(rt, p, now, timezone);
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
