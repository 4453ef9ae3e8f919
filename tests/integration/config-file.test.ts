// CONFIG_FILE on real dashboard processes and a real Redis (issue 24): applied at start,
// read-only through the API (409 with a sentence), re-applied on SIGHUP (updated, removed,
// unchanged counted), an invalid file or a clash with a UI-made item applies nothing, two
// nodes applying the same file write each change once, and the export round-trips.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../scripts/lib/server-process.ts';
import { CHANGES_KEY } from '../../src/lib/server/platform/collection.ts';
import type { ProvisionOutcome } from '../../src/lib/server/provisioning/provisioner.ts';
import { parseConfigText } from '../../src/lib/server/provisioning/file.ts';
import { waitFor } from '../helpers/harness.ts';

const url = `${inject('redisUrl')}/5`;
const redis = createClient({ url });
const dir = mkdtempSync(path.join(tmpdir(), 'helix-config-file-'));
const file = path.join(dir, 'helix.yaml');
let a: ServerProcess;
let b: ServerProcess | null = null;

const FILE_A = `version: 1
rules:
  - name: Slow gateway
    metric: latency_p95_ms
    threshold: 2000
    severity: warning
budgets:
  - name: Gateway
    scope: gateway
    monthlyUsd: 5000
    thresholds: [50, 80, 95, 100]
groups:
  - name: Batch jobs
    users: ['svc:batch/01']
slos:
  - name: Gateway availability
    sli: availability
    objective: 99.9
noc:
  panels: [overview, cost]
  dwellSeconds: 30
security:
  incidentThresholdPerHour: 25
  notificationMethods: [email]
routing:
  critical: [slack, email]
`;
// the budget raised, the group and the NOC section gone, the rule and security unchanged
const FILE_B = FILE_A.replace('monthlyUsd: 5000', 'monthlyUsd: 6000')
	.replace(/groups:\n(.*\n){2}/, '')
	.replace(/noc:\n(.*\n){2}/, '');

const api = (node: ServerProcess, method: string, p: string, body?: unknown) =>
	fetch(node.url + p, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
const outcome = async (node: ServerProcess) =>
	((await (await api(node, 'GET', '/api/config')).json()) as { last: ProvisionOutcome | null })
		.last;
/** sends SIGHUP and waits for the apply after it */
async function hup(node: ServerProcess): Promise<ProvisionOutcome> {
	const before = (await outcome(node))?.at ?? 0;
	node.proc.kill('SIGHUP');
	let last: ProvisionOutcome | null = null;
	await waitFor(
		async () => {
			last = await outcome(node);
			return last !== null && last.at > before;
		},
		10_000,
		'the apply after SIGHUP'
	);
	return last!;
}
const budgets = async (node: ServerProcess) =>
	(await (await api(node, 'GET', '/api/budgets')).json()) as {
		id: string;
		name: string;
		monthlyUsd: number;
	}[];

beforeAll(async () => {
	await redis.connect();
	await redis.flushDb();
	writeFileSync(file, FILE_A);
	a = await startServerProcess({ REDIS_URL: url, CONFIG_FILE: file, REFRESH_INTERVAL: '600' });
	await waitFor(async () => (await outcome(a)) !== null, 15_000, 'the first apply');
});
afterAll(async () => {
	await Promise.all([a?.stop(), b?.stop()]);
	await redis.flushDb();
	await redis.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('configuration file', () => {
	it('is applied at start, and what it declares is read-only through the API', async () => {
		const first = (await outcome(a))!;
		expect(first).toMatchObject({
			ok: true,
			summary: { created: 4, settings: ['noc', 'security', 'routing'] }
		});
		const g = (await budgets(a)).find((x) => x.name === 'Gateway')!;
		expect(g).toMatchObject({
			id: 'file:gateway',
			monthlyUsd: 5000,
			thresholds: [50, 80, 95, 100]
		});
		const slos = (await (await api(a, 'GET', '/api/slos')).json()) as { id: string }[];
		expect(slos).toEqual([
			{
				id: 'file:gateway availability',
				name: 'Gateway availability',
				sli: 'availability',
				objective: 99.9,
				windowDays: 28
			}
		]);
		const noc = await (await api(a, 'GET', '/api/noc')).json();
		expect(noc).toMatchObject({ panels: ['overview', 'cost'], dwellSeconds: 30 });
		expect(await (await api(a, 'GET', '/api/alerts/routing')).json()).toEqual({
			critical: ['slack', 'email']
		});
		for (const [method, p, body] of [
			['PUT', '/api/budgets/file:gateway', { name: 'Gateway', scope: 'gateway', monthlyUsd: 1 }],
			['DELETE', '/api/budgets/file:gateway', undefined],
			[
				'PUT',
				'/api/slos/file:gateway%20availability',
				{ name: 'Gateway availability', sli: 'availability', objective: 90 }
			],
			['PUT', '/api/noc', { panels: ['cost'], dwellSeconds: 10 }],
			['PUT', '/api/security/settings', { incidentThresholdPerHour: 1, notificationMethods: [] }],
			['PUT', '/api/alerts/routing', {}]
		] as const) {
			const r = await api(a, method, p, body);
			expect(r.status, `${method} ${p}`).toBe(409);
			expect(((await r.json()) as { error: string }).error).toMatch(
				/managed by the configuration file/
			);
		}
		// made in the UI: untouched by the file
		const adhoc = await api(a, 'POST', '/api/budgets', {
			name: 'Ad hoc',
			scope: 'team',
			target: 'red',
			monthlyUsd: 50
		});
		expect(adhoc.status).toBe(201);
	});

	it('is re-applied on SIGHUP: changed, removed and unchanged items, once each', async () => {
		writeFileSync(file, FILE_B);
		const r = await hup(a);
		expect(r).toMatchObject({ ok: true, summary: { updated: 1, removed: 1, unchanged: 2 } });
		const list = await budgets(a);
		expect(list.find((x) => x.name === 'Gateway')?.monthlyUsd).toBe(6000);
		expect(list.some((x) => x.name === 'Ad hoc')).toBe(true);
		// the NOC section left the file: editable again
		expect((await api(a, 'PUT', '/api/noc', { panels: ['cost'], dwellSeconds: 10 })).status).toBe(
			200
		);
		// the same file again writes nothing: no change entry
		const changes = await redis.xLen(CHANGES_KEY);
		expect(await hup(a)).toMatchObject({
			ok: true,
			summary: { created: 0, updated: 0, removed: 0 }
		});
		expect(await redis.xLen(CHANGES_KEY)).toBe(changes);
		// a second node with the same file: still nothing written twice
		b = await startServerProcess({ REDIS_URL: url, CONFIG_FILE: file, REFRESH_INTERVAL: '600' });
		await waitFor(async () => (await outcome(b!)) !== null, 15_000, 'node b applied');
		expect(await outcome(b)).toMatchObject({ ok: true, summary: { created: 0, updated: 0 } });
		expect(await redis.xLen(CHANGES_KEY)).toBe(changes);
	});

	it('applies nothing from an invalid file or one that clashes with a UI-made item', async () => {
		const bad = FILE_B.replace('monthlyUsd: 6000', 'monthlyUsd: -1').replace(
			'threshold: 2000',
			'threshold: 3000'
		);
		writeFileSync(file, bad);
		const r = await hup(a);
		expect(r.ok).toBe(false);
		expect(r.errors).toContain(`${file}:10: budgets[0].monthlyUsd: monthlyUsd must be more than 0`);
		const rules = (await (await api(a, 'GET', '/api/alerts/rules')).json()) as {
			name: string;
			threshold: number;
		}[];
		expect(rules.find((x) => x.name === 'Slow gateway')?.threshold).toBe(2000); // not 3000
		writeFileSync(
			file,
			FILE_B.replace(
				'budgets:\n',
				'budgets:\n  - name: ad HOC\n    scope: gateway\n    monthlyUsd: 1\n'
			)
		);
		const clash = await hup(a);
		expect(clash.ok).toBe(false);
		expect(clash.errors.join('\n')).toMatch(/"ad HOC" already exists, made in the UI/);
		expect((await budgets(a)).find((x) => x.name === 'Gateway')?.monthlyUsd).toBe(6000);
	});

	it('exports the running configuration in the same format, which checks clean', async () => {
		const r = await api(a, 'GET', '/api/config/export');
		expect(r.status).toBe(200);
		expect(r.headers.get('content-disposition')).toMatch(/helix-config-.*\.yaml/);
		const text = await r.text();
		const p = parseConfigText(text, 'export.yaml');
		expect(p.ok).toBe(true);
		expect(p.ok && p.config.budgets.map((x) => x.name).sort()).toEqual(['Ad hoc', 'Gateway']);
		expect(p.ok && p.config.noc).toEqual({ panels: ['cost'], dwellSeconds: 10 });
		expect(p.ok && p.config.slos.map((x) => x.name)).toEqual(['Gateway availability']);
	});
});
