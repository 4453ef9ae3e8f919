// The production server as its own process (`node <SERVER_NODE_FLAGS> build/server.js`, the compiled entry),
// exactly as `npm start` runs it, on the Node that runs the caller. End-to-end tests and the
// bench use it: pages render through the real built SvelteKit handler, outside the test
// runner's module transforms. `npm run build` makes build/server.js.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SERVER_ENTRY = fileURLToPath(new URL('../../build/server.js', import.meta.url));

/**
 * The Node flags `npm start` and the image run the server with (package.json, Dockerfile;
 * tests/unit/server-flags.test.ts keeps the three equal). Measured at 200,000 users with Cost
 * and Users open at 1,000 req/s (npm run bench -- --only users):
 * - `--max-semi-space-size=32`: a young generation of up to 32 MB a semi-space, so the
 *   short-lived garbage of a cold load (200,000 users' replies, promises and apply steps) dies
 *   young instead of being promoted (RSS after the load 0.64–0.77 GB against 0.92–1.12 GB).
 * - `--no-allocation-site-pretenuring`: V8 may learn, from the cold load's replies that all
 *   survive, to allocate objects from the Redis decoder's allocation sites straight in the old
 *   space, and goes on doing so for live traffic's short-lived replies (--trace-gc: the old
 *   space filled by ~7.5 MB/s at 1,000 req/s, ~4.9 MB/s with the flag).
 * - `--heap-growing-percent=100`: the old space may grow to 2× what the last full collection
 *   kept before the next one starts, instead of up to V8's own factor (up to 4×): the live heap
 *   is ~300 MB at 200,000 users, and with V8's factor RSS swung to 0.9–1.2 GB between
 *   collections (674–694 MB with this). 50 (1.5×) kept it to 564–573 MB but at 1,000,000 users
 *   made full collections so frequent that the loop stalled up to 666 ms (67 ms with 100).
 */
export const SERVER_NODE_FLAGS = [
	'--max-semi-space-size=32',
	'--no-allocation-site-pretenuring',
	'--heap-growing-percent=100'
];

export interface ServerProcess {
	url: string;
	proc: ChildProcess;
	/** every log line the server printed (JSON) */
	logs: string[];
	stop(): Promise<void>;
}

export function startServerProcess(
	env: Record<string, string>,
	timeoutMs = 20_000
): Promise<ServerProcess> {
	// a server remembers "accounts were seen" in DATA_DIR: a fresh folder unless the caller shares one
	const dataDir = env.DATA_DIR ? null : mkdtempSync(path.join(tmpdir(), 'helix-data-'));
	const cleanup = () => dataDir && rmSync(dataDir, { recursive: true, force: true });
	const proc = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER_ENTRY], {
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			LOG_LEVEL: 'info',
			...(dataDir ? { DATA_DIR: dataDir } : {}),
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const logs: string[] = [];
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			proc.kill('SIGKILL');
			cleanup();
			reject(new Error(`server did not start within ${timeoutMs} ms:\n${logs.join('\n')}`));
		}, timeoutMs);
		proc.once('exit', (code) => {
			clearTimeout(timer);
			cleanup();
			reject(new Error(`server exited with ${code}:\n${logs.join('\n')}`));
		});
		for (const stream of [proc.stdout!, proc.stderr!]) {
			createInterface({ input: stream }).on('line', (line) => {
				logs.push(line);
				const m = /"url":"(http:\/\/[^"]+)".*"msg":"helix dashboard listening"/.exec(line);
				if (!m) return;
				clearTimeout(timer);
				proc.removeAllListeners('exit');
				resolve({
					url: m[1]!,
					proc,
					logs,
					stop: () =>
						new Promise<void>((done) => {
							if (proc.exitCode !== null) return done(void cleanup());
							proc.once('exit', () => done(void cleanup()));
							proc.kill('SIGTERM');
						})
				});
			});
		}
	});
}
