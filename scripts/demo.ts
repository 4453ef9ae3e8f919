// npm run demo [-- --rate 50] [--pii-per-hour 30 | --pii-rate 0.05] [--oidc] [--verbose]
// A live dashboard in one command. Uses REDIS_URL when set; otherwise starts a private
// redis-server on a free port (data in a temp folder, removed on exit) — or, with
// REDIS_CLUSTER=true, a private three-master cluster. Builds the app once if needed, starts
// the server and the traffic simulator, and prints a short banner: the URL, the accounts,
// where the logs go. The server's JSON logs go to LOG_DIR/helix-dashboard.log, not to this
// terminal (--verbose shows them here too). --oidc also starts a local OpenID Connect
// provider (scripts/lib/oidc-process.ts) and signs in through it: its users admin, operator,
// viewer and red-viewer (any password) get those roles from its groups claim.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, createCluster } from 'redis';
import { loadSvelteKitHandler, startServer } from '../server/app.ts';
import { DEFAULT_PII_PER_HOUR, startSimulator } from '../src/lib/recorder/simulator.ts';
import { USERS_KEY } from '../src/lib/server/auth/keys.ts';
import { ConfigError, loadConfig } from '../src/lib/server/platform/config.ts';
import { clusterOptions } from '../src/lib/server/redis/cluster-nodes.ts';
import { numberFlag } from './lib/args.ts';
import { oidcEnv, startOidcProvider, type OidcProcess } from './lib/oidc-process.ts';
import { ensureBuild } from './lib/ensure-build.ts';
import { startRedisCluster } from './lib/redis-cluster.ts';
import { startRedisServer, type RedisProcess } from './lib/redis-server.ts';

const argv = process.argv.slice(2);
const rate = numberFlag(argv, 'rate', 50, 0.1, 100_000);
const piiRate = argv.includes('--pii-rate') ? numberFlag(argv, 'pii-rate', 0, 0, 1) : undefined;
const piiPerHour = numberFlag(argv, 'pii-per-hour', DEFAULT_PII_PER_HOUR, 0, 10_000_000);
const verbose = argv.includes('--verbose');
const LOGS: Record<string, string> = verbose ? {} : { LOG_STDOUT: 'false' };
/** what the demo sets beside the environment (each loadConfig below starts from it) */
let overrides: Record<string, string> = { ...LOGS };

function fail(msg: string): never {
	console.error(`demo: ${msg}`);
	process.exit(1);
}

let config;
try {
	config = loadConfig(LOGS);
} catch (err) {
	fail(err instanceof ConfigError ? err.message : String(err));
}

let redis: { url: string; stop(): Promise<void> } | undefined;
// accounts in a private Redis die with it: so does the memory that they existed (DATA_DIR)
let dataDir: string | undefined;
let redisLine = `Redis     ${config.redisUrl}`;
if (!config.redisUrlGiven) {
	try {
		// in its own process group: a Ctrl-C in this terminal reaches the demo, which stops
		// Redis last (otherwise Redis dies first and the server logs a lost connection)
		redis = config.redisCluster
			? await startRedisCluster(3, 0, true)
			: await startRedisServer([], undefined, true);
	} catch (err) {
		fail((err as Error).message);
	}
	redisLine =
		'nodes' in redis
			? `Redis     a private 3-master cluster, seed ${redis.url}`
			: `Redis     a private redis-server at ${redis.url} (data in ${(redis as RedisProcess).dir}, removed on exit)`;
	dataDir = process.env.DATA_DIR ? undefined : mkdtempSync(path.join(tmpdir(), 'helix-demo-data-'));
	overrides = { ...overrides, REDIS_URL: redis.url, ...(dataDir ? { DATA_DIR: dataDir } : {}) };
	config = loadConfig(overrides);
}

let idp: OidcProcess | undefined;
if (argv.includes('--oidc')) {
	if (config.port === 0)
		fail('--oidc needs a fixed PORT (the provider must know the callback URL)');
	try {
		idp = await startOidcProvider({
			admin: { groups: ['helix-admins'], teams: ['*'] },
			operator: { groups: ['helix-operators'], teams: ['*'] },
			viewer: { groups: ['helix-viewers'], teams: ['*'] },
			'red-viewer': { groups: ['helix-viewers'], teams: ['red'] }
		});
	} catch (err) {
		await redis?.stop();
		fail(`could not start the OpenID Connect provider: ${(err as Error).message}`);
	}
	overrides = { ...overrides, ...oidcEnv(idp, `http://${config.host}:${config.port}`) };
	config = loadConfig(overrides);
}

if (!ensureBuild('demo', verbose ? undefined : path.join(config.logDir, 'demo-build.log'))) {
	await redis?.stop();
	fail(
		`the build failed${verbose ? '; see above' : `; its output is in ${path.join(config.logDir, 'demo-build.log')}`}`
	);
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
const sim = startSimulator(writer, { rate, piiRate, piiPerHour, timezone: config.timezone });
const accounts = await writer.hKeys(USERS_KEY).catch(() => [] as string[]);

const url = `http://${config.host}:${server.port}`;
const pii = piiRate !== undefined ? `${piiRate * 100}% of requests` : `about ${piiPerHour} an hour`;
console.log(
	[
		'',
		`  Helix Dashboard (demo)   ${url}`,
		`  NOC wall                 ${url}/noc`,
		'',
		`  ${redisLine}`,
		`  Traffic   ${rate} simulated gateway requests/s, PII incidents ${pii}`,
		`  Accounts  ${
			accounts.length
				? accounts.sort().join(', ')
				: idp
					? 'none local'
					: 'none: sign-in is off on this loopback address until you create an admin on /admin'
		}`,
		...(idp
			? [
					`  SSO       ${idp.issuer} (a local OpenID Connect provider): sign in as admin, operator, viewer or red-viewer, any password`
				]
			: []),
		`  Logs      ${config.logFile ? path.resolve(config.logDir, 'helix-dashboard.log') : 'LOG_FILE=false'}${verbose ? ' and here' : ' (--verbose: here too)'}`,
		'',
		`  A PII surge takes over the NOC wall: run, in another terminal,`,
		`    REDIS_URL=${config.redisUrl} npm run simulate -- --rate 20 --pii-rate 0.5`,
		'',
		'  Ctrl-C stops everything.',
		''
	].join('\n')
);

let stopping = false;
async function stop(): Promise<void> {
	if (stopping) return;
	stopping = true;
	setTimeout(() => process.exit(1), 10_000).unref();
	await sim.stop();
	await writer.close().catch(() => {});
	await server!.close();
	await idp?.stop();
	await redis?.stop();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	console.log('demo: stopped');
	process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
