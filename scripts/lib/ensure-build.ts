import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Builds the app once (npm run build: pages and the compiled server) when either is missing; false if the build failed. */
export function ensureBuild(who: string): boolean {
	if (existsSync('build/handler.js') && existsSync('build/server.js')) return true;
	console.log(`${who}: building the app once (npm run build)…`);
	const vite = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
		stdio: 'inherit'
	});
	return (
		vite.status === 0 &&
		spawnSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' }).status === 0
	);
}
