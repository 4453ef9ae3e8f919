// The production server as its own process (`node --max-semi-space-size=32 build/server.js`, the compiled entry),
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
 * The Node flags `npm start` and the image run the server with (package.json, Dockerfile):
 * a young generation of up to 32 MB a semi-space, so the short-lived garbage of a cold load
 * (200,000 users' replies, promises and apply steps) dies young instead of being promoted; the
 * server's RSS at 200,000 users was 0.92–1.12 GB with V8's default, 0.64–0.77 GB with this.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32'];

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
