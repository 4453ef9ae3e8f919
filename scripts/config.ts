// The configuration as code from a shell:
//   npm run config -- check FILE          validates FILE (syntax, every field, duplicates); exit 1 on errors
//   npm run config -- export [--out FILE] writes the running configuration (REDIS_URL) as YAML
// docs/config.md describes the format.
import { sloSchema } from '../src/lib/shared/protocol/slo.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { ruleSchema } from '../src/lib/shared/protocol/alerts.ts';
import { budgetSchema } from '../src/lib/shared/protocol/cost.ts';
import { groupSchema } from '../src/lib/shared/protocol/groups.ts';
import { Collection } from '../src/lib/server/platform/collection.ts';
import { ConfigError, loadConfig } from '../src/lib/server/platform/config.ts';
import { StoredSetting } from '../src/lib/server/platform/stored-setting.ts';
import { NOC_SETTING } from '../src/lib/server/noc/config.ts';
import { SECURITY_SETTING } from '../src/lib/server/security/settings.ts';
import { ROUTING_SETTING } from '../src/lib/server/alerts/routing.ts';
import { THRESHOLDS_SETTING } from '../src/lib/server/cost/service.ts';
import { REPORTS_SETTING } from '../src/lib/server/reports/service.ts';
import { exportYaml } from '../src/lib/server/provisioning/export.ts';
import { parseConfigText } from '../src/lib/server/provisioning/file.ts';
import type { Targets } from '../src/lib/server/provisioning/apply.ts';
import type { RedisClient } from '../src/lib/server/redis/client.ts';
import { connectOnce } from '../src/lib/server/redis/cluster-client.ts';

const USAGE = `usage: npm run config -- check FILE | export [--out FILE]`;
const [cmd, ...rest] = process.argv.slice(2);

function check(file: string | undefined): number {
	if (!file) {
		console.error(USAGE);
		return 2;
	}
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (err) {
		console.error(`${file}: cannot be read: ${(err as Error).message}`);
		return 1;
	}
	const p = parseConfigText(text, file);
	if (!p.ok) {
		for (const e of p.errors) console.error(e);
		return 1;
	}
	const c = p.config;
	console.log(
		`${file}: valid — ${c.rules.length} rules, ${c.budgets.length} budgets, ${c.groups.length} groups${c.noc ? ', NOC walls' : ''}${c.security ? ', security settings' : ''}${c.routing ? ', alert routing' : ''}${c.budgetThresholds ? ', budget thresholds' : ''}${c.reports ? ', report schedule' : ''}`
	);
	return 0;
}

async function exportConfig(args: string[]): Promise<number> {
	let config;
	try {
		config = loadConfig();
	} catch (err) {
		console.error(err instanceof ConfigError ? err.message : String(err));
		return 1;
	}
	let client: RedisClient;
	try {
		client = await connectOnce(config.redisUrl, config.redisCluster);
	} catch (err) {
		console.error(
			`cannot reach Redis at ${config.redisUrl.replace(/\/\/[^@]*@/, '//***@')}: ${(err as Error).message}`
		);
		return 1;
	}
	try {
		const up = () => true;
		const none = () => {};
		const t: Targets = {
			rules: new Collection('alert-rules', ruleSchema, () => client, up, none),
			budgets: new Collection('budgets', budgetSchema, () => client, up, none),
			groups: new Collection('groups', groupSchema, () => client, up, none),
			slos: new Collection('slos', sloSchema, () => client, up, none),
			noc: new StoredSetting(NOC_SETTING, () => client, up, none),
			security: new StoredSetting(SECURITY_SETTING, () => client, up, none),
			routing: new StoredSetting(ROUTING_SETTING, () => client, up, none),
			budgetThresholds: new StoredSetting(THRESHOLDS_SETTING, () => client, up, none),
			reports: new StoredSetting(REPORTS_SETTING, () => client, up, none)
		};
		await Promise.all([
			t.rules!.load(),
			t.budgets.load(),
			t.groups.load(),
			t.slos.load(),
			t.noc.load(),
			t.security.load(),
			t.routing.load(),
			t.budgetThresholds.load(),
			t.reports!.load()
		]);
		const yaml = exportYaml(t, new Date());
		const i = args.indexOf('--out');
		if (i >= 0 && args[i + 1]) {
			writeFileSync(args[i + 1]!, yaml);
			console.error(`written to ${args[i + 1]}`);
		} else process.stdout.write(yaml);
		return 0;
	} finally {
		await client.close();
	}
}

const code =
	cmd === 'check'
		? check(rest[0])
		: cmd === 'export'
			? await exportConfig(rest)
			: (console.error(USAGE), 2);
process.exit(code);
