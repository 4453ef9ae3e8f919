// Builds the production server: Express + one http.Server + Socket.IO + SvelteKit's
// handler. Separate from index.ts so tests and the bench can start it on a free port.
import http from 'node:http';
import express, { type RequestHandler } from 'express';
import type { Config } from '../src/lib/server/platform/config.ts';
import {
	attachRealtime,
	type Realtime,
	type RealtimeOptions
} from '../src/lib/server/app/realtime.ts';
import { protectedModeCheck } from '../src/lib/server/auth/protected-mode.ts';
import { SECURITY_HEADERS } from '../src/lib/server/http/headers.ts';
import { allowedHosts, hostAllowed, misdirected } from '../src/lib/server/http/hosts.ts';

/** How long startup waits for Redis to say whether accounts exist (protected mode). */
const ACCOUNT_CHECK_MS = 5_000;

export interface RunningServer {
	http: http.Server;
	realtime: Realtime;
	port: number;
	close(): Promise<void>;
}

export async function loadSvelteKitHandler(): Promise<RequestHandler> {
	try {
		// a URL, not a literal specifier: build/ exists only after `npm run build`, and the
		// type checker must not wander into the generated bundle
		const mod = (await import(new URL('../build/handler.js', import.meta.url).href)) as {
			handler: RequestHandler;
		};
		return mod.handler;
	} catch (err) {
		throw new Error(
			`build/handler.js could not be loaded (${(err as Error).message}); run "npm run build" first`
		);
	}
}

export async function startServer(
	config: Config,
	handler: RequestHandler,
	opts: RealtimeOptions = {}
): Promise<RunningServer> {
	const app = express();
	app.disable('x-powered-by');
	const allowed = allowedHosts(config);
	// before anything else: the Host check (DNS rebinding) and the security headers, for every
	// answer — pages, the API, /_app assets and Socket.IO's polling transport alike
	app.use((req, res, next) => {
		for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
		if (hostAllowed(req.headers.host, allowed)) return next();
		res.status(421).type('text/plain').send(misdirected(req.headers.host));
	});
	const server = http.createServer(app);
	const realtime = attachRealtime(server, config, opts);
	// protected mode: know whether accounts exist before listening (Redis away: sign-in required)
	let timer: ReturnType<typeof setTimeout> | undefined;
	await Promise.race([
		realtime.auth.loaded,
		new Promise((r) => (timer = setTimeout(r, ACCOUNT_CHECK_MS)))
	]);
	clearTimeout(timer);
	try {
		realtime.logging.log.info(
			{ module: 'auth' },
			protectedModeCheck(config.host, config.auth.protectedMode, realtime.auth.userCount)
		);
	} catch (err) {
		await realtime.close();
		throw err;
	}
	app.use(handler);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => resolve());
	});
	const addr = server.address();
	const port = typeof addr === 'object' && addr ? addr.port : config.port;
	let closing: Promise<void> | undefined;
	return {
		http: server,
		realtime,
		port,
		close: () => (closing ??= realtime.close())
	};
}
