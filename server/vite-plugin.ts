// Dev mode: attach the same realtime module to Vite's own http server, so `npm run dev`
// runs the one production code path (Socket.IO, subscriber, collector) with hot reload.
import type { Server as HttpServer } from 'node:http';
import type { Plugin } from 'vite';
import { loadConfig } from '../src/lib/server/platform/config.ts';
import { attachRealtime } from '../src/lib/server/app/realtime.ts';

export function realtimeDevPlugin(): Plugin {
	return {
		name: 'helix-realtime-dev',
		apply: 'serve',
		config() {
			const { port, host } = loadConfig();
			return { server: { port, host } };
		},
		configureServer(server) {
			// vitest also creates a Vite server, in middleware mode, without an http server
			if (!server.httpServer) return;
			const rt = attachRealtime(server.httpServer as HttpServer, loadConfig());
			server.httpServer.once('close', () => void rt.close());
		}
	};
}
