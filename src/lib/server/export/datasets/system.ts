// The system dataset: System Health samples and the redacted log tail.
import { dateInZone, type Zone } from '../../../shared/time.ts';
import { dateOfDay } from '../../pipeline/day-series.ts';
import type { ExportRange, ExportSources } from '../sources.ts';
import type { Dataset } from '../table.ts';

export function system(rt: ExportSources, r: ExportRange, zone: Zone): Dataset {
	const snap = rt.snapshot('system');
	const inRange = (ms: number) => {
		const d = dateInZone(ms, zone);
		return d >= dateOfDay(r.from) && d <= dateOfDay(r.to);
	};
	return {
		name: 'system',
		title: 'System health',
		summary: [
			['samples', snap.series.length],
			[
				'note',
				'samples exist only while someone had the System Health page open (and since this process started)'
			]
		],
		tables: [
			{
				name: 'samples',
				title: 'Samples',
				columns: [
					{ key: 'time', label: 'time', type: 'datetime', width: 26 },
					{ key: 'cpu_pct', label: 'cpu_pct', type: 'number' },
					{ key: 'mem_pct', label: 'mem_pct', type: 'number' },
					{ key: 'rx_bps', label: 'rx_bps', type: 'number' },
					{ key: 'tx_bps', label: 'tx_bps', type: 'number' },
					{ key: 'redis_ops_per_s', label: 'redis_ops_per_s', type: 'number' },
					{ key: 'redis_mem_bytes', label: 'redis_mem_bytes', type: 'number' },
					{ key: 'loop_lag_ms', label: 'loop_lag_ms', type: 'number' }
				],
				*rows() {
					for (const p of snap.series) {
						if (inRange(p.t))
							yield {
								time: p.t,
								cpu_pct: p.cpuPct,
								mem_pct: p.memPct,
								rx_bps: p.rxBps,
								tx_bps: p.txBps,
								redis_ops_per_s: p.redisOpsPerS,
								redis_mem_bytes: p.redisMemBytes,
								loop_lag_ms: p.loopLagMs
							};
					}
				}
			},
			{
				name: 'logs',
				title: 'Recent log lines (redacted)',
				columns: [
					{ key: 'time', label: 'time', type: 'string', width: 26 },
					{ key: 'level', label: 'level', type: 'string' },
					{ key: 'module', label: 'module', type: 'string' },
					{ key: 'msg', label: 'msg', type: 'string', width: 60 }
				],
				rows: () =>
					rt.logging.tail
						.summary(200)
						.tail.map((l) => ({ time: l.time, level: l.level, module: l.module, msg: l.msg }))
			}
		]
	};
}
