// Host figures from systeminformation, CPU load from the kernel's tick counters. Network
// rates and CPU load need two readings; the first network rate is null.
import os from 'node:os';
import si from 'systeminformation';
import type { HostSample } from '../../shared/protocol/state/system.ts';

type Ticks = os.CpuInfo['times'];

const pct = (used: number, total: number) => (total > 0 ? (used / total) * 100 : 0);

/**
 * CPU load between two readings of the per-core tick counters (`os.cpus()`: libuv reads
 * /proc/stat, no process). systeminformation's currentLoad runs `execSync('cat /proc/stat |
 * grep cpu')` on Linux — a shell spawned on the event loop at every sample, the server's
 * longest blocks after the history writer's at 1,000 req/s (forking grows with the process's
 * memory). Each reader keeps its own previous reading, so the history's 10 s gauge and the
 * System page measure their own intervals. The first reading is since boot.
 */
export class CpuLoad {
	#prev: Ticks[] | null = null;

	constructor(private readonly read: () => Ticks[] = () => os.cpus().map((c) => c.times)) {}

	sample(): { totalPct: number; perCorePct: number[] } {
		const cur = this.read();
		const prev = this.#prev;
		this.#prev = cur;
		let busy = 0;
		let all = 0;
		const perCorePct = cur.map((t, i) => {
			const p = prev?.[i];
			const d = (k: keyof Ticks) => Math.max(0, t[k] - (p?.[k] ?? 0));
			const total = d('user') + d('nice') + d('sys') + d('irq') + d('idle');
			busy += total - d('idle');
			all += total;
			return pct(total - d('idle'), total);
		});
		return { totalPct: pct(busy, all), perCorePct };
	}
}

const historyCpu = new CpuLoad();
const hostCpu = new CpuLoad();

const rate = (v: number | null | undefined) =>
	typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;

/** CPU load since the previous reading and memory in use, % (the history writer's gauges). */
export async function sampleCpuMemory(): Promise<{ cpuPct: number; memPct: number }> {
	const mem = await si.mem();
	const load = historyCpu.sample();
	return { cpuPct: load.totalPct, memPct: pct(mem.total - mem.available, mem.total) };
}

export async function sampleHost(now: number): Promise<HostSample> {
	const [mem, disks, net] = await Promise.all([si.mem(), si.fsSize(), si.networkStats('*')]);
	const load = hostCpu.sample();
	const ifaces = net
		.filter((n) => n.iface !== 'lo' && !n.iface.startsWith('lo'))
		.map((n) => ({ iface: n.iface, rxBps: rate(n.rx_sec), txBps: rate(n.tx_sec) }));
	const sum = (pick: (i: (typeof ifaces)[number]) => number | null) =>
		ifaces.length === 0 || ifaces.some((i) => pick(i) === null)
			? null
			: ifaces.reduce((a, i) => a + pick(i)!, 0);
	// "used" as the kernel sees pressure: total minus available (page cache is reclaimable)
	const used = mem.total - mem.available;
	return {
		at: now,
		cpu: load,
		memory: { totalBytes: mem.total, usedBytes: used, pct: pct(used, mem.total) },
		disks: disks.map((d) => ({
			mount: d.mount,
			fs: d.fs,
			type: d.type,
			sizeBytes: d.size,
			usedBytes: d.used,
			pct: pct(d.used, d.size)
		})),
		network: { rxBps: sum((i) => i.rxBps), txBps: sum((i) => i.txBps), ifaces }
	};
}
