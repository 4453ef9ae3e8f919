// One Redis against a three-master Redis Cluster, side by side at the same gateway rate:
// what the busiest Redis node carries (commands/s, CPU), and whether the dashboard's live
// path (write → socket, probes on helix:pii:incidents) is as fast on the cluster. All of it —
// simulator, dashboard, three redis-servers — shares one machine, so the absolute figures
// are this machine's; the per-node split is what a cluster buys.
import { createClient, createCluster } from 'redis';
import { startRedisCluster } from '../scripts/lib/redis-cluster.ts';
import { startRedisServer } from '../scripts/lib/redis-server.ts';
import { startServerProcess } from '../scripts/lib/server-process.ts';
import { KEYS } from '../src/lib/shared/contract/keys.ts';
import {
	commandStats,
	dashboardProcess,
	redisCpuSeconds,
	simulator,
	sleep,
	startLagProbe,
	stats,
	type Redis,
	type Stats
} from './lib.ts';

const WINDOW_S = 10;

export interface ClusterRow {
	setup: string;
	rate: number;
	achievedRate: number;
	/** commands/s on each node (gateway + dashboard), busiest first */
	nodeCmdsPerS: number[];
	nodeCpuPct: number[];
	dashboardCpuPct: number;
	probes: string;
	lag: Stats;
}

async function measure(
	setup: string,
	seedUrl: string,
	nodeUrls: string[],
	cluster: boolean,
	rate: number
): Promise<ClusterRow> {
	const nodes: Redis[] = await Promise.all(
		nodeUrls.map(async (url) => createClient({ url }).connect() as Promise<Redis>)
	);
	const writer = cluster
		? createCluster({ rootNodes: [{ url: seedUrl }] })
		: createClient({ url: seedUrl });
	await writer.connect();
	const server = await startServerProcess({
		REDIS_URL: seedUrl,
		REDIS_CLUSTER: String(cluster),
		LOG_FILE: 'false'
	});
	try {
		await sleep(2_000);
		const probe = await startLagProbe(server.url, writer);
		const sim = simulator(seedUrl, rate, WINDOW_S + 4, cluster);
		await sleep(2_000);
		const q0 = Number(await writer.get(KEYS.requestsTotal)) || 0;
		const c0 = await Promise.all(nodes.map(commandStats));
		const cpu0 = await Promise.all(nodes.map(redisCpuSeconds));
		const d0 = await dashboardProcess(server.url);
		const { probes, elapsed } = await probe.write(WINDOW_S);
		const q1 = Number(await writer.get(KEYS.requestsTotal)) || 0;
		const c1 = await Promise.all(nodes.map(commandStats));
		const cpu1 = await Promise.all(nodes.map(redisCpuSeconds));
		const d1 = await dashboardProcess(server.url);
		await sleep(2_000);
		sim.kill('SIGTERM');
		probe.close();
		const perNode = nodes.map((_, i) => ({
			cmds: Math.round((c1[i]!.total - c0[i]!.total) / elapsed),
			cpu: Math.round(((cpu1[i]! - cpu0[i]!) / elapsed) * 100)
		}));
		perNode.sort((a, b) => b.cmds - a.cmds);
		return {
			setup,
			rate,
			achievedRate: Math.round((q1 - q0) / elapsed),
			nodeCmdsPerS: perNode.map((n) => n.cmds),
			nodeCpuPct: perNode.map((n) => n.cpu),
			dashboardCpuPct: Math.round(((d1.cpuS - d0.cpuS) / elapsed) * 100),
			probes: `${probe.lag.length}/${probes}`,
			lag: stats(probe.lag)
		};
	} finally {
		await server.stop();
		await writer.close();
		await Promise.all(nodes.map((n) => n.close()));
	}
}

export async function runClusterBench(rates = [1000, 3000]): Promise<ClusterRow[]> {
	const rows: ClusterRow[] = [];
	for (const rate of rates) {
		const one = await startRedisServer();
		try {
			rows.push(await measure('one Redis', one.url, [one.url], false, rate));
		} finally {
			await one.stop();
		}
		const cluster = await startRedisCluster(3);
		try {
			rows.push(
				await measure(
					'3-master cluster',
					cluster.url,
					cluster.nodes.map((n) => n.url),
					true,
					rate
				)
			);
		} finally {
			await cluster.stop();
		}
		for (const r of rows.slice(-2))
			console.log(
				`cluster bench ${r.setup} at ${r.rate}/s (achieved ${r.achievedRate}): node cmds/s ${r.nodeCmdsPerS.join(' / ')}, node CPU ${r.nodeCpuPct.join(' / ')}%, dashboard CPU ${r.dashboardCpuPct}%, lag p50 ${r.lag.p50} p99 ${r.lag.p99} ms, probes ${r.probes}`
			);
	}
	return rows;
}
