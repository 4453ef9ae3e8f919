import { json } from '@sveltejs/kit';
import Papa from 'papaparse';
import { z } from 'zod';
import { describeIssues } from '$lib/server/collection';
import { unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';

const querySchema = z
	.object({
		actor: z.string().max(100).optional(),
		action: z.string().max(100).optional(),
		result: z.enum(['ok', 'denied', 'failed'], { error: 'result must be ok, denied or failed' }).optional(),
		from: z.coerce.number({ error: 'from must be a time in ms' }).int().nonnegative().optional(),
		to: z.coerce.number({ error: 'to must be a time in ms' }).int().nonnegative().optional(),
		limit: z.coerce.number({ error: 'limit must be a number' }).int().min(1, 'limit is at least 1').max(10_000, 'limit is at most 10000').default(200),
		format: z.enum(['json', 'csv'], { error: 'format must be json or csv' }).default('json')
	})
	.strict();

/** GET ?actor=&action=(prefix)&result=&from=&to=(ms)&limit=&format=json|csv — newest first. */
export async function GET({ url }) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	const q = querySchema.safeParse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== '')));
	if (!q.success) return json({ error: describeIssues(q.error) }, { status: 400 });
	if (!rt.health().redis.connected) return json({ error: 'Redis is not connected; the audit stream cannot be read (entries are still written to the log file)' }, { status: 503 });
	const { format, ...filters } = q.data;
	const rows = await rt.auth.audit.query(filters);
	if (format === 'json') return json(rows, { headers: { 'cache-control': 'no-store' } });
	const csv = Papa.unparse(rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() })), { columns: ['at', 'actor', 'role', 'ip', 'action', 'target', 'result', 'detail'], escapeFormulae: true });
	return new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="helix-audit.csv"', 'cache-control': 'no-store' } });
}
