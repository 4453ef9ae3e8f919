// The layout's rules, checked by `npm run check` (dependency-cruiser). Type-only imports
// count: a cycle through `import type` is still two modules that cannot be read apart.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		{
			name: 'no-cycles',
			severity: 'error',
			comment: 'No import cycle, type-only ones included.',
			from: {},
			to: { circular: true }
		},
		{
			name: 'shared-is-standalone',
			severity: 'error',
			comment: 'shared/ is for both sides: it imports neither server/ nor client/ code.',
			from: { path: '^src/lib/shared/' },
			to: { path: '^src/lib/(server|client|components)/' }
		},
		{
			name: 'browser-never-imports-server',
			severity: 'error',
			comment: 'The browser side (client/, components/) never imports server code.',
			from: { path: '^src/lib/(client|components)/' },
			to: { path: '^src/lib/server/' }
		},
		{
			name: 'nothing-imports-the-composition-root',
			severity: 'error',
			comment:
				'Only server/ entries, routes and tests reach app/; product areas never import it back.',
			from: { path: '^src/lib/server/', pathNot: '^src/lib/server/app/' },
			to: { path: '^src/lib/server/app/' }
		},
		{
			name: 'platform-has-no-domain',
			severity: 'error',
			comment: 'platform/ (config, logging, timers, settings) depends on no product area.',
			from: { path: '^src/lib/server/platform/' },
			to: {
				path: '^src/lib/server/(alerts|auth|cost|groups|cache|security|system|noc|export|rooms|socket|http|pipeline|app)/',
				pathNot: '^src/lib/server/security/pii/'
			}
		}
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		exclude: { path: '^(build|\\.svelte-kit|node_modules)/' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.depcruise.json' },
		enhancedResolveOptions: {
			extensions: ['.ts', '.js', '.svelte', '.svelte.ts']
		}
	}
};
