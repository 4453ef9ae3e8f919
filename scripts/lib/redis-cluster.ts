// A local Redis Cluster of private redis-servers (three masters; replicas on request), made
// with `redis-cli --cluster create` as an operator would. Used by the cluster tests, the
// bench and the demo.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startRedisServer, type RedisProcess } from './redis-server.ts';

const run = promisify(execFile);

export interface RedisCluster {
	/** one node's URL: the seed the dashboard and gateways are given */
	url: string;
	nodes: RedisProcess[];
	/** redis-cli against one node */
	cli(node: RedisProcess, ...args: string[]): Promise<string>;
	/** starts another master and joins it to the cluster (it holds no slots yet) */
	addMaster(): Promise<RedisProcess>;
	/** kills a master and promotes its replica (CLUSTER FAILOVER TAKEOVER); resolves with the new master */
	failOver(master: RedisProcess): Promise<RedisProcess>;
	/** moves one hash slot, keys and all, to `to` (what `redis-cli --cluster reshard` does per slot) */
	moveSlot(slot: number, to: RedisProcess): Promise<void>;
	stop(): Promise<void>;
}

const NODE_ARGS = [
	'--cluster-enabled',
	'yes',
	'--cluster-config-file',
	'nodes.conf',
	'--cluster-node-timeout',
	'2000'
];

export async function startRedisCluster(
	masters = 3,
	replicasPerMaster = 0,
	ownGroup = false
): Promise<RedisCluster> {
	const nodes = await Promise.all(
		Array.from({ length: masters * (1 + replicasPerMaster) }, () =>
			startRedisServer(NODE_ARGS, undefined, ownGroup)
		)
	);
	const cli = async (node: RedisProcess, ...args: string[]) =>
		(await run('redis-cli', ['-p', String(node.port), ...args])).stdout.trim();
	const addr = (n: RedisProcess) => `127.0.0.1:${n.port}`;
	const id = (n: RedisProcess) => cli(n, 'CLUSTER', 'MYID');
	const alive = (n: RedisProcess) => n.proc.exitCode === null && n.proc.signalCode === null;
	async function settled(): Promise<void> {
		const deadline = Date.now() + 20_000;
		for (;;) {
			const living = nodes.filter(alive);
			const states = await Promise.all(living.map((n) => cli(n, 'CLUSTER', 'INFO')));
			const known = await Promise.all(
				living.map(async (n) => (await cli(n, 'CLUSTER', 'NODES')).split('\n').length)
			);
			if (
				states.every((s) => s.includes('cluster_state:ok')) &&
				known.every((k) => k === nodes.length)
			)
				return;
			if (Date.now() > deadline)
				throw new Error(`the local Redis Cluster did not settle:\n${states.join('\n')}`);
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	await run('redis-cli', [
		'--cluster',
		'create',
		...nodes.map(addr),
		'--cluster-replicas',
		String(replicasPerMaster),
		'--cluster-yes'
	]);
	await settled();
	return {
		url: `redis://${addr(nodes[0]!)}`,
		nodes,
		cli,
		async addMaster() {
			const n = await startRedisServer(NODE_ARGS, undefined, ownGroup);
			await run('redis-cli', ['--cluster', 'add-node', addr(n), addr(nodes[0]!)]);
			nodes.push(n);
			await settled();
			return n;
		},
		async failOver(master) {
			let replica: RedisProcess | undefined;
			for (let t = 0; !replica; t++) {
				// ROLE on a replica: slave, host, port of its master, …
				for (const n of nodes.filter((x) => x !== master && alive(x)))
					if ((await cli(n, 'ROLE')).split('\n')[2] === String(master.port)) replica = n;
				if (!replica && t > 100)
					throw new Error(`the master on port ${master.port} has no replica`);
				if (!replica) await new Promise((r) => setTimeout(r, 100));
			}
			// replication is asynchronous: let the replica catch up first, or the test would
			// (rightly) see the last writes lost
			const offset = async (n: RedisProcess) =>
				Number(/master_repl_offset:(\d+)/.exec(await cli(n, 'INFO', 'replication'))?.[1] ?? -1);
			const target = await offset(master);
			for (let t = 0; (await offset(replica)) < target; t++) {
				if (t > 100) throw new Error(`the replica on port ${replica.port} did not catch up`);
				await new Promise((r) => setTimeout(r, 50));
			}
			await master.kill();
			await cli(replica, 'CLUSTER', 'FAILOVER', 'TAKEOVER');
			const deadline = Date.now() + 20_000;
			while (!(await cli(replica, 'ROLE')).startsWith('master')) {
				if (Date.now() > deadline)
					throw new Error(`the replica on port ${replica.port} was not promoted`);
				await new Promise((r) => setTimeout(r, 100));
			}
			await settled();
			return replica;
		},
		async moveSlot(slot, to) {
			const toId = await id(to);
			let from: RedisProcess | undefined;
			for (const n of nodes) if (await ownsSlot(n, slot)) from = n;
			if (!from) throw new Error(`no node owns slot ${slot}`);
			if (from === to) return;
			const fromId = await id(from);
			await cli(to, 'CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', fromId);
			await cli(from, 'CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', toId);
			for (;;) {
				const keys = (await cli(from, 'CLUSTER', 'GETKEYSINSLOT', String(slot), '100'))
					.split('\n')
					.filter(Boolean);
				if (!keys.length) break;
				await cli(from, 'MIGRATE', '127.0.0.1', String(to.port), '', '0', '5000', 'KEYS', ...keys);
			}
			for (const n of nodes) await cli(n, 'CLUSTER', 'SETSLOT', String(slot), 'NODE', toId);
			await settled();
		},
		async stop() {
			await Promise.all(nodes.map((n) => n.stop()));
		}
	};

	async function ownsSlot(n: RedisProcess, slot: number): Promise<boolean> {
		const me = (await cli(n, 'CLUSTER', 'NODES')).split('\n').find((l) => l.includes('myself'));
		return (me?.split(' ').slice(8) ?? []).some((r) => {
			const [a, b] = r.split('-').map(Number);
			return b === undefined ? a === slot : slot >= a! && slot <= b;
		});
	}
}
