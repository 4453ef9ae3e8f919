import { spawnSync, type StdioOptions } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

/**
 * Builds the app once (npm run build: pages and the compiled server) when either is missing;
 * false if the build failed. With `logTo`, the build's output goes to that file instead of
 * the terminal (the demo prints one line and names the file when the build fails).
 */
export function ensureBuild(who: string, logTo?: string): boolean {
	if (existsSync('build/handler.js') && existsSync('build/server.js')) return true;
	console.log(
		`${who}: building the app once (npm run build, about a minute)${logTo ? `; output in ${logTo}` : ''}…`
	);
	let fd: number | null = null;
	if (logTo) {
		mkdirSync(path.dirname(logTo), { recursive: true });
		fd = openSync(logTo, 'w');
	}
	const stdio: StdioOptions = fd === null ? 'inherit' : ['ignore', fd, fd];
	try {
		const vite = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { stdio });
		return (
			vite.status === 0 &&
			spawnSync(process.execPath, ['scripts/build-server.mjs'], { stdio }).status === 0
		);
	} finally {
		if (fd !== null) closeSync(fd);
	}
}
