// The configuration file's format (issue 24): errors name the file, the line and the field;
// duplicates, unknown keys, YAML syntax and size are refused; JSON works too; and the full
// example in docs/config.md passes `npm run config -- check` (the real command, spawned).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CONFIG_BYTES, parseConfigText } from '../../src/lib/server/provisioning/file.ts';

const errorsOf = (text: string) => {
	const r = parseConfigText(text, 'helix.yaml');
	return r.ok ? [] : r.errors;
};

describe('configuration file', () => {
	it('names the line and the field of every error', () => {
		const text = [
			'version: 1', // 1
			'rules:', // 2
			'  - name: Slow', // 3
			'    metric: latency_p95', // 4: no such metric
			'    threshold: 2000', // 5
			'    severity: warning', // 6
			'budgets:', // 7
			'  - name: Gateway', // 8
			'    scope: gateway', // 9
			'    monthlyUsd: -5', // 10
			'  - name: gateway', // 11: the same name, another case
			'    scope: gateway', // 12
			'    monthlyUsd: 10', // 13
			'groups:', // 14
			'  - name: Batch', // 15: users missing
			'noc: { panels: [overview], dwellSeconds: 30, colour: red }' // 16
		].join('\n');
		const errors = errorsOf(text);
		expect(errors).toContainEqual(
			expect.stringMatching(/^helix\.yaml:4: rules\[0\]\.metric: metric must be one of/)
		);
		expect(errors).toContain(
			'helix.yaml:10: budgets[0].monthlyUsd: monthlyUsd must be more than 0'
		);
		expect(errors).toContain(
			'helix.yaml:11: budgets[1].name: "gateway" is declared twice in budgets'
		);
		expect(errors).toContainEqual(expect.stringMatching(/^helix\.yaml:15: groups\[0\]\.users: /));
		expect(errors).toContainEqual(expect.stringMatching(/^helix\.yaml:16: noc: .*colour/));
	});

	it('refuses YAML syntax errors, unknown sections and oversized files, and reads JSON', () => {
		expect(errorsOf('rules:\n  - name: a\n   metric: x\n')[0]).toMatch(/^helix\.yaml:3: /);
		expect(errorsOf('sloz: []\n')[0]).toMatch(/^helix\.yaml:1: \(top level\): .*sloz/);
		expect(errorsOf('slos:\n  - name: a\n    sli: latency\n    objective: 99\n')[0]).toMatch(
			/^helix\.yaml:2: slos\[0\]\.thresholdMs: .*needs a threshold/
		);
		expect(errorsOf('a: 1\na: 2\n')[0]).toMatch(/^helix\.yaml:2: .*unique/i);
		expect(errorsOf(`# ${'x'.repeat(MAX_CONFIG_BYTES)}`)[0]).toMatch(/larger than/);
		const json = parseConfigText(
			JSON.stringify({ budgets: [{ name: 'G', scope: 'gateway', monthlyUsd: 100 }] }),
			'helix.json'
		);
		// no thresholds of its own: the scope's defaults (50/80/95/100 unless budgetThresholds says)
		expect(json.ok && json.config.budgets[0]).toEqual({
			name: 'G',
			scope: 'gateway',
			monthlyUsd: 100
		});
		expect(parseConfigText('', 'empty.yaml')).toMatchObject({ ok: true });
	});

	it("passes the docs' full example through `npm run config -- check`, and fails a broken one", () => {
		const doc = readFileSync('docs/config.md', 'utf8');
		const example = /## The format, a full example\s+```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
		expect(example).toBeTruthy();
		const dir = mkdtempSync(path.join(tmpdir(), 'helix-config-'));
		const good = path.join(dir, 'helix.yaml');
		writeFileSync(good, example!);
		const run = (file: string) =>
			spawnSync(process.execPath, ['--import', 'tsx', 'scripts/config.ts', 'check', file], {
				encoding: 'utf8'
			});
		const ok = run(good);
		expect(ok.stderr).toBe('');
		expect(ok.status).toBe(0);
		expect(ok.stdout).toMatch(
			/valid — 3 rules, 3 budgets, 1 groups, NOC walls, security settings, alert routing/
		);
		const bad = path.join(dir, 'bad.yaml');
		writeFileSync(bad, example!.replace('monthlyUsd: 5000', 'monthlyUsd: lots'));
		const no = run(bad);
		expect(no.status).toBe(1);
		expect(no.stderr).toMatch(
			/bad\.yaml:\d+: budgets\[0\]\.monthlyUsd: monthlyUsd must be a number/
		);
	});
});
