// ALERT_RULES_FILE: a JSON array of extra rules added at start. A rule whose name already
// exists is left as it is (the file does not overwrite what an operator changed); an invalid
// one is skipped with a warning naming the file and the problem, and the rest still load.
import { readFileSync } from 'node:fs';
import type { AlertRule } from '../../shared/protocol/alerts.ts';
import type { Collection } from '../platform/collection.ts';
import type { Logger } from '../platform/logging/log.ts';

export async function loadRulesFile(
	path: string,
	rules: Collection<Omit<AlertRule, 'id'>>,
	log: Logger
): Promise<void> {
	try {
		const list = JSON.parse(readFileSync(path, 'utf8')) as unknown[];
		const names = new Set(rules.list().map((r) => r.name.toLowerCase()));
		for (const item of list) {
			const name = (item as { name?: string })?.name?.toLowerCase();
			if (name && names.has(name)) continue;
			const r = await rules.create(item, 'rules file');
			if (!r.ok) log.warn({ file: path, problem: r.msg }, 'alert rule in file skipped');
		}
	} catch (err) {
		log.warn({ file: path, err: (err as Error).message }, 'alert rules file not loaded');
	}
}
