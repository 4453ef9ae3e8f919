import { json } from '@sveltejs/kit';
import { noteChange } from '$lib/server/http/audit-note';
import { failure, readJson, respond } from '$lib/server/http/respond';
import { ok, validate } from '$lib/shared/protocol/reply';
import { reportPreviewSchema } from '$lib/shared/protocol/reports';

/** POST {kind: daily|weekly|monthly, send?: boolean}: the report as it would go out, marked
 * as a preview; with send, also sent now to its channels. */
export async function POST({ request, locals }) {
	const r = locals.rt.reports;
	if (!r)
		return failure(
			'disabled',
			'reports go through the alert channels, and alerts are off (ENABLE_ALERTS=false)'
		);
	const b = await readJson(request);
	if (!b.ok) return respond(b);
	const q = validate(reportPreviewSchema, b.data);
	if (!q.ok) return respond(q);
	const { report, results } = await r.preview(q.data.kind, q.data.send);
	noteChange(locals, ok(report), () => ({
		target: `${q.data.kind} report`,
		changes: q.data.send ? 'sent now' : 'previewed'
	}));
	return json({
		subject: report.subject,
		text: report.text,
		html: report.html,
		data: report.data,
		results
	});
}
