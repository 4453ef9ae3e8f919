import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Builds the app once (vite build) when build/handler.js is missing; false if the build failed. */
export function ensureBuild(who: string): boolean {
	if (existsSync('build/handler.js')) return true;
	console.log(`${who}: building the app once (npm run build)…`);
	return spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { stdio: 'inherit' }).status === 0;
}
