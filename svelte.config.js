import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// adapter-node builds build/handler.js, which server/index.ts mounts on its own
		// Express + Socket.IO server; SvelteKit's own build/index.js is not used.
		adapter: adapter({ out: 'build' }),
		// SvelteKit adds a nonce to its own inline bootstrap script on every page. Styles keep
		// 'unsafe-inline': Svelte style: directives and Chart.js set style attributes.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
