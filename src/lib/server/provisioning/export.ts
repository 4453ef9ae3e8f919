// The running configuration in the configuration file's own format (`npm run config --
// export`, the Admin page's button): rules, budgets, groups (UI-made and file-made alike,
// without ids), the NOC and the security settings — so a running setup can move into Git.
import { stringify } from 'yaml';
import type { Targets } from './apply.ts';
import type { ConfigFileInput } from './file.ts';

const strip = <T extends { id: string }>({ id: _id, ...rest }: T) => rest;

export function currentConfig(t: Targets): ConfigFileInput {
	return {
		version: 1,
		rules: (t.rules?.list() ?? []).map(strip),
		budgets: t.budgets.list().map(strip),
		groups: t.groups.list().map(strip),
		slos: t.slos.list().map(strip),
		noc: t.noc.value,
		security: t.security.value,
		routing: t.routing.value,
		budgetThresholds: t.budgetThresholds.value,
		...(t.reports ? { reports: t.reports.value } : {})
	};
}

export function exportYaml(t: Targets, at: Date): string {
	return `# Helix Dashboard configuration, exported ${at.toISOString()}\n# CONFIG_FILE=<this file>; check with: npm run config -- check <this file>\n${stringify(currentConfig(t), { lineWidth: 0 })}`;
}
