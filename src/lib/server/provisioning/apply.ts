// Applies a validated configuration file idempotently: each declared rule, budget, group and SLO is
// written under its `file:<name>` id (only when it differs from what is stored), items the file
// provisioned before and no longer declares are removed, and the NOC and security settings the
// file declares become read-only through the API. Items made in the UI are never touched; one
// with the same name as a declared item is a conflict, reported before anything is written.
import type { AlertRouting, AlertRule } from '../../shared/protocol/alerts.ts';
import type { Budget, ThresholdDefaults } from '../../shared/protocol/cost.ts';
import type { ReportSchedule } from '../../shared/protocol/reports.ts';
import type { Group } from '../../shared/protocol/groups.ts';
import type { NocConfig } from '../../shared/protocol/noc.ts';
import type { Reply } from '../../shared/protocol/reply.ts';
import type { SecuritySettings } from '../../shared/protocol/security.ts';
import type { Slo } from '../../shared/protocol/slo.ts';
import { FILE_ID_PREFIX, isManaged, type Collection, type Item } from '../platform/collection.ts';
import type { StoredSetting } from '../platform/stored-setting.ts';
import type { ConfigFile } from './file.ts';

type Named = { name: string };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schemas differ per collection
type AnyCollection = Collection<any>;

export interface Targets {
	rules: Collection<Omit<AlertRule, 'id'>> | null;
	budgets: Collection<Budget>;
	groups: Collection<Group>;
	slos: Collection<Slo>;
	noc: StoredSetting<NocConfig>;
	security: StoredSetting<SecuritySettings>;
	routing: StoredSetting<AlertRouting>;
	budgetThresholds: StoredSetting<ThresholdDefaults>;
	/** null with alerts off (reports go through the alert channels) */
	reports: StoredSetting<ReportSchedule> | null;
}

export interface ApplySummary {
	created: number;
	updated: number;
	removed: number;
	unchanged: number;
	settings: string[];
}

/** a declared item's id: the same on every node that applies the same file */
export const fileId = (name: string) =>
	`${FILE_ID_PREFIX}${name.trim().toLowerCase().slice(0, 120)}`;

const SECTIONS = ['rules', 'budgets', 'groups', 'slos'] as const;

/** Names declared in the file that an item made in the UI already has (nothing is written then). */
export function conflicts(cfg: ConfigFile, t: Targets, file: string): string[] {
	const out: string[] = [];
	for (const section of SECTIONS) {
		const c = t[section] as AnyCollection | null;
		if (!c) continue;
		const ui = new Map(
			c
				.list()
				.filter((i: Item<Named>) => !isManaged(i.id))
				.map((i: Item<Named>) => [i.name.toLowerCase(), i.name])
		);
		cfg[section].forEach((item: Named, i: number) => {
			if (ui.has(item.name.toLowerCase()))
				out.push(
					`${file}: ${section}[${i}].name: "${item.name}" already exists, made in the UI: rename one of them or delete the other`
				);
		});
	}
	return out;
}

export async function applyConfig(
	cfg: ConfigFile,
	t: Targets,
	file: string,
	who = 'config file'
): Promise<{ ok: true; summary: ApplySummary } | { ok: false; errors: string[] }> {
	const clash = conflicts(cfg, t, file);
	if (clash.length) return { ok: false, errors: clash };
	const sum: ApplySummary = { created: 0, updated: 0, removed: 0, unchanged: 0, settings: [] };
	const errors: string[] = [];
	const check = (r: Reply<unknown>, what: string) => {
		if (!r.ok) errors.push(`${file}: ${what}: ${r.msg}`);
		return r.ok;
	};
	for (const section of SECTIONS) {
		const c = t[section] as AnyCollection | null;
		if (!c) continue;
		const want = new Set<string>();
		for (const [i, item] of (cfg[section] as Named[]).entries()) {
			const id = fileId(item.name);
			want.add(id);
			const existed = c.get(id) !== undefined;
			const r = await c.put(id, item, who);
			if (!check(r, `${section}[${i}]`)) continue;
			if (!r.changed) sum.unchanged++;
			else if (existed) sum.updated++;
			else sum.created++;
		}
		for (const old of c.list() as Item<Named>[])
			if (
				isManaged(old.id) &&
				!want.has(old.id) &&
				check(await c.drop(old.id, who), `${section}: remove "${old.name}"`)
			)
				sum.removed++;
	}
	for (const key of ['noc', 'security', 'routing', 'budgetThresholds', 'reports'] as const) {
		const s = t[key] as StoredSetting<unknown> | null;
		if (!s) continue;
		if (cfg[key] === undefined) {
			s.managedBy = null;
			continue;
		}
		s.managedBy = file;
		if (check(await s.update(cfg[key], true), key)) sum.settings.push(key);
	}
	return errors.length ? { ok: false, errors } : { ok: true, summary: sum };
}
