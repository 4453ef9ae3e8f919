import { json } from '@sveltejs/kit';
import { auditCsv } from '$lib/server/auth/audit';
import { failure, respond } from '$lib/server/http/respond';
import { auditQuerySchema } from '$lib/shared/protocol/audit';
import { validate } from '$lib/shared/protocol/reply';

/** GET ?actor=&action=(prefix)&result=&from=&to=(ms)&limit=&format=json|csv — newest first. */
export async function GET({ url, locals }) {
	const { rt } = locals;
	const q = validate(
		auditQuerySchema,
		Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''))
	);
	if (!q.ok) return respond(q);
	if (!rt.health().redis.connected)
		return failure(
			'unavailable',
			'Redis is not connected; the audit stream cannot be read (entries are still written to the log file)'
		);
	const { format, ...filters } = q.data;
	const rows = await rt.auth.audit.query(filters);
	if (format === 'json') return json(rows, { headers: { 'cache-control': 'no-store' } });
	return new Response(auditCsv(rows), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="helix-audit.csv"',
			'cache-control': 'no-store'
		}
	});
}
