import { json } from '@sveltejs/kit';
import { diff, noteChange } from '$lib/server/http/audit-note';
import { readJson, respond } from '$lib/server/http/respond';
import { DEFAULT_THRESHOLDS } from '$lib/shared/protocol/cost';

/**
 * GET the thresholds a budget without its own uses, per scope (a scope left out uses
 * 50/80/95/100%); PUT replaces them, e.g. {"team": [50, {"percent": 90, "severity":
 * "critical", "channels": ["slack"]}]} (docs/alerts.md).
 */
export function GET({ locals }) {
	const t = locals.rt.cost.thresholds;
	return json({ defaults: DEFAULT_THRESHOLDS, scopes: t.value, managedBy: t.managedBy });
}

export async function PUT({ request, locals }) {
	const b = await readJson(request);
	if (!b.ok) return respond(b);
	const t = locals.rt.cost.thresholds;
	const before = t.value;
	const r = await t.update(b.data);
	noteChange(locals, r, (d) => ({ target: 'budget threshold defaults', changes: diff(before, d) }));
	return respond(r);
}
