// After `vite build` (which writes build/handler.js): compiles the server entry and the
// production command lines to plain JavaScript, so `npm start` and the image run no
// TypeScript loader. npm packages stay imports (resolved from node_modules at run time).
import { build } from 'esbuild';

const entries = {
	server: 'server/index.ts',
	user: 'scripts/user.ts',
	simulate: 'scripts/simulate.ts'
};

await build({
	entryPoints: entries,
	outdir: 'build',
	bundle: true,
	platform: 'node',
	format: 'esm',
	// the oldest Node the product supports (package.json engines)
	target: 'node20.19',
	packages: 'external',
	sourcemap: true,
	logLevel: 'warning',
	// ESM output that still has require() for the few CommonJS paths a dependency may take
	banner: {
		js: "import { createRequire as __helixRequire } from 'node:module'; const require = __helixRequire(import.meta.url);"
	}
});
console.log(`compiled ${Object.values(entries).join(', ')} to build/`);
