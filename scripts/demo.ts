// npm run demo [-- --rate 50]: a live dashboard in one command.
// Uses REDIS_URL when set; otherwise starts a private redis-server on a free port (data in a
// temp folder, removed on exit) — or, with REDIS_CLUSTER=true, a private three-master
// cluster. Builds the app once if needed, starts the server and the traffic simulator, and
// prints the URL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, createCluster } from 'redis';
import { loadSvelteKitHandler, startServer } from '../server/app.ts';
import { startSimulator } from '../src/lib/recorder/simulator.ts';
import { ConfigError, loadConfig } from '../src/lib/server/platform/config.ts';
import { clusterOptions } from '../src/lib/server/redis/cluster-nodes.ts';
import { numberFlag } from './lib/args.ts';
import { ensureBuild } from './lib/ensure-build.ts';
import { startRedisCluster } from './lib/redis-cluster.ts';
import { startRedisServer, type RedisProcess } from './lib/redis-server.ts';

const rate = numberFlag(process.argv.slice(2), 'rate', 50, 0.1, 100_000);

function fail(msg: string): never {
	console.error(`demo: ${msg}`);
	process.exit(1);
}

let config;
try {
	config = loadConfig();
} catch (err) {
	fail(err instanceof ConfigError ? err.message : String(err));
}

let redis: { url: string; stop(): Promise<void> } | undefined;
// accounts in a private Redis die with it: so does the memory that they existed (DATA_DIR)
let dataDir: string | undefined;
if (!config.redisUrlGiven) {
	try {
		redis = config.redisCluster ? await startRedisCluster(3) : await startRedisServer();
	} catch (err) {
		fail((err as Error).message);
	}
	const what =
		'nodes' in redis
			? `a private 3-master Redis Cluster (seed ${redis.url})`
			: `a private redis-server at ${redis.url} (data in ${(redis as RedisProcess).dir}, removed on exit)`;
	console.log(`demo: started ${what}`);
	dataDir = process.env.DATA_DIR ? undefined : mkdtempSync(path.join(tmpdir(), 'helix-demo-data-'));
	config = loadConfig({ REDIS_URL: redis.url, ...(dataDir ? { DATA_DIR: dataDir } : {}) });
}

if (!ensureBuild('demo')) {
	await redis?.stop();
	fail('the build failed; see above');
}

let server;
try {
	server = await startServer(config, await loadSvelteKitHandler());
} catch (err) {
	await redis?.stop();
	fail(`could not start the server: ${(err as Error).message}`);
}

// on a cluster, fail at once while a master is away: the recorder then re-reads the slot map
const writer = config.redisCluster
	? createCluster(clusterOptions(config.redisUrl, 'helix-simulator', true))
	: createClient({ url: config.redisUrl });
writer.on('error', () => {}); // the dashboard reports Redis health; the simulator just retries
await writer.connect();
const sim = startSimulator(writer, { rate, timezone: config.timezone });

console.log(`\n  Helix Dashboard (demo): http://${config.host}:${server.port}\n`);
console.log(
	`  simulating ${rate} gateway requests/s into ${config.redisUrl}; Ctrl-C stops everything\n`
);

let stopping = false;
async function stop(): Promise<void> {
	if (stopping) return;
	stopping = true;
	setTimeout(() => process.exit(1), 10_000).unref();
	await sim.stop();
	await writer.close().catch(() => {});
	await server!.close();
	await redis?.stop();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
