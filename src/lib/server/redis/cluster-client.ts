// The cluster client behind the one-server client type (MULTI, MGET, DEL, UNLINK split by
// slot; SCAN on every master), and a one-off connection for command lines.
import { createClient, createCluster } from 'redis';
import { groupBySlot, slotBatch, type Cluster } from '../../recorder/slot-batch.ts';
import { clusterOptions } from './cluster-nodes.ts';
import type { RedisClient } from './client.ts';

/**
 * The cluster client, presented as the one-server client type every module is written
 * against. Only the commands whose meaning differs on a cluster are replaced.
 */
export function clusterFacade(cluster: Cluster, nodes: () => RedisClient[]): RedisClient {
	// without a topology of our own (a CLI): the masters node-redis knows
	const masters = async () =>
		nodes().length
			? nodes()
			: await Promise.all(
					cluster.masters.map((m) => cluster.nodeClient(m) as Promise<RedisClient>)
				);
	const keysOf = (k: string | string[]) => (Array.isArray(k) ? k : [k]);
	const split = async <T>(
		keys: string[],
		run: (part: string[]) => Promise<T>
	): Promise<{ idx: number[]; out: T }[]> =>
		Promise.all(
			[...groupBySlot(keys).values()].map(async (idx) => ({
				idx,
				out: await run(idx.map((i) => keys[i]!))
			}))
		);
	const overrides: Record<string, unknown> = {
		multi: () => slotBatch(cluster),
		MULTI: () => slotBatch(cluster),
		async mGet(keys: string[]) {
			const replies = new Array<string | null>(keys.length);
			for (const { idx, out } of await split(keys, (part) => cluster.mGet(part)))
				idx.forEach((i, j) => (replies[i] = out[j] ?? null));
			return replies;
		},
		async del(k: string | string[]) {
			return (await split(keysOf(k), (part) => cluster.del(part))).reduce(
				(n, r) => n + Number(r.out),
				0
			);
		},
		async unlink(k: string | string[]) {
			return (await split(keysOf(k), (part) => cluster.unlink(part))).reduce(
				(n, r) => n + Number(r.out),
				0
			);
		},
		async *scanIterator(opts: Parameters<RedisClient['scanIterator']>[0]) {
			for (const node of await masters()) yield* node.scanIterator(opts);
		},
		// keyless (CONFIG, SLOWLOG, FT.INFO …): any node; per-node figures go through nodes()
		sendCommand: (args: string[]) => cluster.sendCommand(undefined, false, args)
	};
	return new Proxy(cluster, {
		get(target, prop) {
			if (typeof prop === 'string' && prop in overrides) return overrides[prop];
			const v: unknown = Reflect.get(target, prop, target);
			return typeof v === 'function' ? v.bind(target) : v;
		}
	}) as unknown as RedisClient;
}

/**
 * A connection for a one-off command line (npm run user): one Redis, or a whole cluster
 * behind the same facade. Rejects when Redis cannot be reached, instead of retrying.
 */
export async function connectOnce(url: string, cluster: boolean): Promise<RedisClient> {
	if (!cluster) {
		const client = createClient({
			url,
			socket: { connectTimeout: 3_000, reconnectStrategy: false }
		});
		client.on('error', () => {});
		await client.connect();
		return client;
	}
	const opts = clusterOptions(url, 'helix-dashboard-cli', false);
	const c = createCluster({
		...opts,
		defaults: {
			...opts.defaults,
			socket: { ...opts.defaults.socket, reconnectStrategy: false as const }
		}
	});
	c.on('error', () => {});
	await c.connect();
	return clusterFacade(c, () => []);
}
