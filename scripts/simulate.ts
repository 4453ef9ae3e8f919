// npm run simulate -- --rate 500 [--duration 60] [--users 200] [--pii-per-hour 30 | --pii-rate 0.01]
// Writes realistic gateway traffic to REDIS_URL through the recorder (REDIS_CLUSTER=true:
// to the Redis Cluster REDIS_URL is a node of, one MULTI per hash slot).
import { createClient, createCluster } from 'redis';
import { DEFAULT_PII_PER_HOUR, startSimulator } from '../src/lib/recorder/simulator.ts';
import { ConfigError, loadConfig } from '../src/lib/server/platform/config.ts';
import { clusterOptions } from '../src/lib/server/redis/cluster-nodes.ts';
import { numberFlag } from './lib/args.ts';

const argv = process.argv.slice(2);
const rate = numberFlag(argv, 'rate', 50, 0.1, 100_000);
const duration = numberFlag(argv, 'duration', 0, 0, 86_400 * 30);
const users = numberFlag(argv, 'users', 200, 1, 1_000_000);
// a share of requests (--pii-rate) when given, else incidents an hour whatever the rate
const piiRate = argv.includes('--pii-rate') ? numberFlag(argv, 'pii-rate', 0, 0, 1) : undefined;
const piiPerHour = numberFlag(argv, 'pii-per-hour', DEFAULT_PII_PER_HOUR, 0, 10_000_000);

let config;
try {
	config = loadConfig();
} catch (err) {
	console.error((err as Error).message);
	process.exit(err instanceof ConfigError ? 1 : 2);
}
// on a cluster, fail at once while a master is away: the recorder then re-reads the slot map
// (a failover), where queued commands would wait for the dead master forever
const client = config.redisCluster
	? createCluster(clusterOptions(config.redisUrl, 'helix-simulator', true))
	: createClient({ url: config.redisUrl });
client.on('error', (err: Error) => console.error(`redis: ${err.message}`));
try {
	await client.connect();
} catch (err) {
	console.error(`cannot connect to ${config.redisUrl}: ${(err as Error).message}`);
	process.exit(1);
}
let errors = 0;
const sim = startSimulator(client, {
	rate,
	users,
	piiRate,
	piiPerHour,
	timezone: config.timezone,
	onError: () => errors++
});
console.log(
	`simulating ${rate} gateway requests/s into ${config.redisCluster ? 'the cluster of ' : ''}${config.redisUrl}${duration ? ` for ${duration} s` : ''}; Ctrl-C stops`
);
const report = setInterval(
	() => console.log(`sent ${sim.sent} requests${errors ? `, ${errors} failed` : ''}`),
	5_000
);

async function stop(): Promise<void> {
	clearInterval(report);
	// with Redis gone, queued writes never settle: do not wait for them forever
	setTimeout(() => {
		console.error(
			`stopped with writes still pending (Redis unreachable?): ${sim.sent} requests sent`
		);
		process.exit(1);
	}, 3_000).unref();
	await sim.stop();
	console.log(`done: ${sim.sent} requests${errors ? `, ${errors} failed` : ''}`);
	await client.close();
	process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
if (duration) setTimeout(() => void stop(), duration * 1000);
