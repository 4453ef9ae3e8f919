// Production entry: `npm run build && npm start`.
import { ConfigError, loadConfig } from '../src/lib/server/platform/config.ts';
import { createLogging } from '../src/lib/server/platform/logging/log.ts';
import { loadSvelteKitHandler, startServer } from './app.ts';

async function main(): Promise<void> {
	let config;
	try {
		config = loadConfig();
	} catch (err) {
		if (err instanceof ConfigError) {
			console.error(err.message);
			process.exit(1);
		}
		throw err;
	}
	const logging = createLogging(config);
	const log = logging.log.child({ module: 'server' });
	const server = await startServer(config, await loadSvelteKitHandler(), { logging });
	log.info(
		{
			url: `http://${config.host}:${server.port}`,
			redis: config.redisUrl.replace(/\/\/[^@]*@/, '//***@')
		},
		'helix dashboard listening'
	);

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info({ signal }, 'shutting down: closing sockets and Redis');
		// a hung close must not keep the process alive forever
		setTimeout(() => process.exit(1), 10_000).unref();
		server.close().then(
			() => process.exit(0),
			() => process.exit(1)
		);
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
	console.error(`helix dashboard failed to start: ${(err as Error).message}`);
	process.exit(1);
});
