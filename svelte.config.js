import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// adapter-node builds build/handler.js, which server/index.ts mounts on its own
		// Express + Socket.IO server; SvelteKit's own build/index.js is not used.
		adapter: adapter({ out: 'build' })
	}
};

export default config;
