// Starts a private redis-server from PATH on a free port with its data in a temp folder.
// Used by `npm run demo`, the test setup and the bench.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RedisProcess {
	url: string;
	port: number;
	dir: string;
	proc: ChildProcess;
	/** SIGKILL, like a crash; the same port can be started again with restart() */
	kill(): Promise<void>;
	restart(): Promise<void>;
	stop(): Promise<void>;
}

export function redisServerAvailable(): boolean {
	return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
		});
	});
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const ok = await new Promise<boolean>((resolve) => {
			const sock = net.connect(port, '127.0.0.1');
			sock.once('connect', () => {
				sock.write('PING\r\n');
				sock.once('data', (d) => {
					sock.destroy();
					resolve(d.toString().startsWith('+PONG'));
				});
			});
			sock.once('error', () => resolve(false));
		});
		if (ok) return;
		if (Date.now() > deadline)
			throw new Error(`redis-server did not answer on port ${port} within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

function exited(proc: ChildProcess): Promise<void> {
	return proc.exitCode !== null || proc.signalCode !== null
		? Promise.resolve()
		: new Promise((r) => proc.once('exit', () => r()));
}

/**
 * `extraArgs` e.g. ['--rename-command', 'CONFIG', ''] to play a managed Redis; `port` to
 * start on a port chosen beforehand (a test of "Redis down at start"); `ownGroup` keeps a
 * terminal's Ctrl-C from reaching redis-server (the demo stops it last, after the server).
 */
export async function startRedisServer(
	extraArgs: string[] = [],
	port?: number,
	ownGroup = false
): Promise<RedisProcess> {
	if (!redisServerAvailable()) {
		throw new Error(
			'redis-server was not found on PATH. Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) ' +
				'or set REDIS_URL=redis://host:6379 to use a Redis you already run.'
		);
	}
	port ??= await freePort();
	const dir = mkdtempSync(path.join(tmpdir(), 'helix-redis-'));
	const args = [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--dir',
		dir,
		'--save',
		'',
		'--appendonly',
		'no',
		...extraArgs
	];
	const launch = async () => {
		const proc = spawn('redis-server', args, { stdio: 'ignore', detached: ownGroup });
		await waitForPort(port, 10_000);
		return proc;
	};
	const handle: RedisProcess = {
		url: `redis://127.0.0.1:${port}`,
		port,
		dir,
		proc: await launch(),
		async kill() {
			handle.proc.kill('SIGKILL');
			await exited(handle.proc);
		},
		async restart() {
			handle.proc = await launch();
		},
		async stop() {
			handle.proc.kill('SIGTERM');
			await exited(handle.proc);
			rmSync(dir, { recursive: true, force: true });
		}
	};
	return handle;
}
