// `npm run demo` as a new user runs it: a private redis-server, the server, the simulator.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/lib/shared/protocol/rooms.ts';
import { waitFor } from '../helpers/harness.ts';

function runDemo(env: Record<string, string | undefined>) {
	// its own process group, as a terminal runs it: ctrlC() signals the whole group
	const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--rate', '40'], {
		env: { ...process.env, PORT: '0', REDIS_URL: undefined, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true
	});
	const out: string[] = [];
	for (const s of [proc.stdout!, proc.stderr!])
		createInterface({ input: s }).on('line', (l) => out.push(l));
	const exit = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
	/** what a terminal's Ctrl-C does: SIGINT to every process of the foreground group */
	const ctrlC = () => {
		try {
			process.kill(-proc.pid!, 'SIGINT');
		} catch {
			/* already gone */
		}
	};
	return { proc, out, exit, ctrlC };
}

const demoUrl = (out: string[]) =>
	out.map((l) => /Helix Dashboard \(demo\)\s+(http:\S+)/.exec(l)?.[1]).find(Boolean);

describe('npm run demo', () => {
	it('starts its own Redis, serves a live dashboard, prints a short banner and cleans up on Ctrl-C', async () => {
		const logDir = mkdtempSync(path.join(tmpdir(), 'helix-demo-logs-'));
		const demo = runDemo({ LOG_DIR: logDir });
		try {
			const url = await waitFor(() => demoUrl(demo.out), 30_000, 'demo URL');
			const total = async () =>
				((await (await fetch(`${url}/api/snapshot?room=overview`)).json()) as Snapshot<'overview'>)
					.state.requestsTotal ?? 0;
			const first = await waitFor(total, 10_000, 'simulated traffic');
			await waitFor(async () => (await total()) > first, 10_000, 'traffic to keep flowing');
			expect(demo.out.join('\n')).toMatch(/a private redis-server at/);
			// the banner names the accounts (none yet) and how to show a takeover
			expect(demo.out.join('\n')).toMatch(/Accounts\s+none: sign-in is off/);
			expect(demo.out.join('\n')).toMatch(/npm run simulate -- --rate 20 --pii-rate 0\.5/);
		} finally {
			demo.ctrlC();
		}
		expect(await demo.exit).toBe(0);
		// a banner, not a log: the JSON lines went to the file, and Ctrl-C is quiet
		expect(demo.out.filter((l) => l.startsWith('{'))).toEqual([]);
		expect(demo.out.length).toBeLessThan(25);
		expect(demo.out.join('\n')).not.toMatch(/connection lost/);
		const logged = readFileSync(path.join(logDir, 'helix-dashboard.log'), 'utf8');
		expect(logged.split('\n').filter((l) => l.startsWith('{')).length).toBeGreaterThan(0);
		expect(logged).not.toMatch(/connection lost/);
		// its private Redis is gone, and so is the data folder
		const m = /redis-server at redis:\/\/127\.0\.0\.1:(\d+) \(data in (\S+),/.exec(
			demo.out.join('\n')
		)!;
		expect(existsSync(m[2]!)).toBe(false);
		const open = await new Promise<boolean>((r) => {
			const s = net.connect(Number(m[1]), '127.0.0.1');
			s.once('connect', () => (s.destroy(), r(true)));
			s.once('error', () => r(false));
		});
		expect(open).toBe(false);
	});

	it('with REDIS_CLUSTER=true starts its own three-master cluster instead, and stops it', async () => {
		const demo = runDemo({ REDIS_CLUSTER: 'true' });
		try {
			const url = await waitFor(() => demoUrl(demo.out), 40_000, 'demo URL');
			const health = await (await fetch(`${url}/api/health`)).json();
			expect(health.redis).toMatchObject({ mode: 'cluster', nodes: 3, notifications: 'on' });
			const total = async () =>
				((await (await fetch(`${url}/api/snapshot?room=overview`)).json()) as Snapshot<'overview'>)
					.state.requestsTotal ?? 0;
			const first = await waitFor(total, 10_000, 'simulated traffic');
			await waitFor(async () => (await total()) > first, 10_000, 'traffic to keep flowing');
		} finally {
			demo.ctrlC();
		}
		// on failure, what the demo printed says why
		expect(await demo.exit, demo.out.join('\n')).toBe(0);
		const port = Number(
			/3-master cluster, seed redis:\/\/127\.0\.0\.1:(\d+)/.exec(demo.out.join('\n'))![1]
		);
		const open = await new Promise<boolean>((r) => {
			const s = net.connect(port, '127.0.0.1');
			s.once('connect', () => (s.destroy(), r(true)));
			s.once('error', () => r(false));
		});
		expect(open).toBe(false);
	});

	it('says how to get Redis when there is neither redis-server nor REDIS_URL', async () => {
		const demo = runDemo({ PATH: '/nonexistent' });
		expect(await demo.exit).toBe(1);
		expect(demo.out.join('\n')).toMatch(
			/redis-server was not found on PATH.*apt-get install redis-server.*REDIS_URL/
		);
	});
});
