// Host figures from systeminformation. Network rates need two readings; the first is null.
import si from 'systeminformation';
import type { HostSample } from '../../shared/protocol/state/system.ts';

const pct = (used: number, total: number) => (total > 0 ? (used / total) * 100 : 0);
const rate = (v: number | null | undefined) =>
	typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;

/** CPU load since the previous reading and memory in use, % (the history writer's gauges). */
export async function sampleCpuMemory(): Promise<{ cpuPct: number; memPct: number }> {
	const [load, mem] = await Promise.all([si.currentLoad(), si.mem()]);
	return { cpuPct: load.currentLoad, memPct: pct(mem.total - mem.available, mem.total) };
}

export async function sampleHost(now: number): Promise<HostSample> {
	const [load, mem, disks, net] = await Promise.all([
		si.currentLoad(),
		si.mem(),
		si.fsSize(),
		si.networkStats('*')
	]);
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
		cpu: { totalPct: load.currentLoad, perCorePct: load.cpus.map((c) => c.load) },
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
