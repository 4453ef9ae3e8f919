// The configuration file (CONFIG_FILE): one YAML or JSON document (YAML is a superset of JSON)
// declaring alert rules, budgets, groups, service-level objectives, the NOC walls, the security
// settings, the alert channels' routing and the budgets' default thresholds. Parsed with
// positions, so every error names the file, the line and the field; validated whole with the
// same schemas the API uses, so nothing is applied unless everything is right.
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { routingSchema, ruleSchema } from '../../shared/protocol/alerts.ts';
import { budgetSchema, thresholdDefaultsSchema } from '../../shared/protocol/cost.ts';
import { groupSchema } from '../../shared/protocol/groups.ts';
import { nocConfigSchema } from '../../shared/protocol/noc.ts';
import { securitySettingsSchema } from '../../shared/protocol/security.ts';
import { sloSchema } from '../../shared/protocol/slo.ts';
import { reportScheduleSchema } from '../../shared/protocol/reports.ts';

/** a configuration file is read whole: larger ones are refused, not cut */
export const MAX_CONFIG_BYTES = 1_000_000;

const named = <T extends z.ZodTypeAny>(item: T, max: number, what: string) =>
	z.array(item).max(max, `at most ${max} ${what}`).default([]);

export const configFileSchema = z
	.object({
		version: z.literal(1, { error: 'version must be 1' }).default(1),
		rules: named(ruleSchema, 1000, 'rules'),
		budgets: named(budgetSchema, 1000, 'budgets'),
		groups: named(groupSchema, 500, 'groups'),
		slos: named(sloSchema, 100, 'slos'),
		noc: nocConfigSchema.optional(),
		security: securitySettingsSchema.optional(),
		routing: routingSchema.optional(),
		/** the thresholds of budgets without their own, per scope */
		budgetThresholds: thresholdDefaultsSchema.optional(),
		/** daily / weekly / monthly report times (docs/alerts.md) */
		reports: reportScheduleSchema.optional()
	})
	.strict();

/** The same name twice in a section (case aside), found on the raw data: it is reported
 * beside the other errors, not only once they are fixed. */
function duplicates(data: unknown): { path: (string | number)[]; message: string }[] {
	const out: { path: (string | number)[]; message: string }[] = [];
	if (!data || typeof data !== 'object') return out;
	for (const section of ['rules', 'budgets', 'groups', 'slos'] as const) {
		const list = (data as Record<string, unknown>)[section];
		if (!Array.isArray(list)) continue;
		const seen = new Set<string>();
		list.forEach((item, i) => {
			const name = (item as { name?: unknown } | null)?.name;
			if (typeof name !== 'string') return;
			const k = name.trim().toLowerCase();
			if (seen.has(k))
				out.push({
					path: [section, i, 'name'],
					message: `"${name}" is declared twice in ${section}`
				});
			seen.add(k);
		});
	}
	return out;
}

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ConfigFileInput = z.input<typeof configFileSchema>;

export type Parsed = { ok: true; config: ConfigFile } | { ok: false; errors: string[] };

const where = (path: readonly PropertyKey[]) =>
	path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');

/** Parses and validates `text`; errors read "<file>:<line>: <field>: <problem>". */
export function parseConfigText(text: string, file: string): Parsed {
	if (Buffer.byteLength(text) > MAX_CONFIG_BYTES)
		return { ok: false, errors: [`${file}: larger than ${MAX_CONFIG_BYTES} bytes; refused`] };
	const lines = new LineCounter();
	const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
	if (doc.errors.length)
		return {
			ok: false,
			errors: doc.errors
				.slice(0, 20)
				.map((e) => `${file}:${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`)
		};
	const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
	const r = configFileSchema.safeParse(data ?? {});
	const dups = duplicates(data);
	if (r.success && !dups.length) return { ok: true, config: r.data };
	const lineOf = (path: readonly PropertyKey[]): number | string => {
		// the deepest node that exists on the path (a missing field: its object's line)
		for (let n = path.length; n >= 0; n--) {
			const node = doc.getIn(path.slice(0, n) as (string | number)[], true);
			if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
		}
		return '?';
	};
	return {
		ok: false,
		errors: [...(r.success ? [] : r.error.issues), ...dups]
			.slice(0, 20)
			.map((i) => `${file}:${lineOf(i.path)}: ${where(i.path) || '(top level)'}: ${i.message}`)
	};
}
