import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { realtimeDevPlugin } from './server/vite-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), realtimeDevPlugin()],
	server: { port: 8501, strictPort: false },
	test: {
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					globalSetup: ['tests/helpers/global-redis.ts'],
					testTimeout: 30_000,
					hookTimeout: 30_000,
					// each file starts its own server on its own ports; two cores, keep it calm
					fileParallelism: false
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					globalSetup: ['tests/helpers/global-redis.ts'],
					testTimeout: 60_000,
					hookTimeout: 60_000,
					fileParallelism: false
				}
			}
		]
	}
});
