// The System Health room: host, Redis, this process, service health, and the log tail.
import { formatMs } from '../../../shared/format.ts';
import type { DeliveryResult } from '../../../shared/protocol/alerts.ts';
import type {
	ServiceHealth,
	SystemPoint,
	SystemState
} from '../../../shared/protocol/state/system.ts';
import type { Health } from '../../../shared/protocol/health.ts';
import type { LogTail } from '../../platform/logging/log-tail.ts';
import type { SystemSampler } from '../../system/sampler.ts';
import type { Store } from '../../pipeline/store.ts';
import type { Topic } from './topic.ts';

export interface SystemTopicDeps {
	sampler: SystemSampler;
	tail: LogTail;
	health: () => Health;
	gatewayStaleMs: number;
	sampleMs: number;
	/** the alert channels and their last delivery (empty with alerts off) */
	channels: () => { name: string; last: DeliveryResult | null }[];
}

function services(
	h: Health,
	now: number,
	staleMs: number,
	sampler: SystemSampler
): ServiceHealth[] {
	const name = h.redis.mode === 'cluster' ? `Redis Cluster (${h.redis.nodes} masters)` : 'Redis';
	const redis: ServiceHealth = !h.redis.connected
		? {
				name,
				status: 'down',
				detail: h.redis.notAnswering
					? `not answering: ${h.redis.detail ?? 'no reply to PING'}; pages show the last known values`
					: (h.redis.detail ?? 'not connected')
			}
		: h.redis.evictionRisk
			? { name, status: 'warn', detail: `connected; ${h.redis.evictionRisk}` }
			: h.redis.notifications !== 'on'
				? {
						name,
						status: 'warn',
						detail: `connected; ${h.redis.notifications}: ${h.redis.detail ?? ''}`
					}
				: {
						name,
						status: 'ok',
						detail: `connected; keyspace notifications ${h.redis.mode === 'cluster' ? 'on at every master' : 'on'}; ${h.redis.reconnects} reconnect(s)`
					};
	const p = sampler.process;
	const lagWarn = p !== null && p.eventLoopLagMs > 200;
	const dashboard: ServiceHealth = {
		name: 'Dashboard',
		status: p === null ? 'unknown' : lagWarn ? 'warn' : 'ok',
		detail:
			p === null
				? 'not sampled yet'
				: `event-loop lag p99 ${formatMs(p.eventLoopLagMs)}; ${h.clients} browser(s)`
	};
	const last = h.gateway.lastWriteAt;
	const age = last === null ? null : now - last;
	const gateway: ServiceHealth =
		age === null
			? { name: 'Gateway', status: 'unknown', detail: 'no write seen since the dashboard started' }
			: age > staleMs
				? {
						name: 'Gateway',
						status: 'warn',
						detail: `silent for ${Math.round(age / 1000)} s (stale after ${staleMs / 1000} s)`
					}
				: { name: 'Gateway', status: 'ok', detail: `last write ${Math.round(age / 1000)} s ago` };
	const out = [redis, dashboard, gateway];
	if (h.auth.accountsLost)
		out.push({
			name: 'Accounts',
			status: 'down',
			detail: h.problems.find((p) => p.includes('account store')) ?? 'the account store is empty'
		});
	return out;
}

export class SystemTopic implements Topic<'system'> {
	readonly room = 'system' as const;
	#lastGeneration = 0;
	/** when the last real point was taken; null before the first and after a gap */
	#lastAt: number | null = null;

	constructor(private readonly deps: SystemTopicDeps) {}

	derive(_store: Store, now: number): SystemState {
		const { sampler, tail, health, gatewayStaleMs, sampleMs } = this.deps;
		const logs = tail.summary();
		const h = health();
		// figures sampled before Redis went away are not shown as if they were current
		const redisUp = h.redis.connected;
		return {
			sampleMs,
			host: sampler.host,
			hostError: sampler.hostError,
			redis: redisUp ? sampler.redis : null,
			redisError: redisUp
				? sampler.redisError
				: `Redis is not connected (${h.redis.detail ?? 'connecting'})`,
			process: sampler.process,
			services: [
				...services(h, now, gatewayStaleMs, sampler),
				...this.deps.channels().map(({ name, last }): ServiceHealth => ({
					name: `Alerts: ${name}`,
					status: !last ? 'unknown' : last.ok ? 'ok' : 'down',
					detail: !last ? 'nothing sent yet' : last.ok ? 'delivered' : `failed: ${last.detail}`,
					...(last ? { at: last.at } : {})
				}))
			],
			logs: { tail: logs.tail, byLevel: logs.byLevel, byModule: logs.byModule, errors: logs.errors }
		};
	}

	sample(_store: Store, now: number): SystemPoint | null {
		const s = this.deps.sampler;
		if (s.generation === this.#lastGeneration) return null;
		// nobody watched (the sampler was off) since the last point: a gap first, so the chart
		// does not draw a line across time nobody sampled; the new sample follows next tick
		if (this.#lastAt !== null && now - this.#lastAt > 3 * this.deps.sampleMs) {
			this.#lastAt = null;
			return gapPoint(now);
		}
		this.#lastGeneration = s.generation;
		this.#lastAt = now;
		return {
			t: now,
			cpuPct: s.host?.cpu.totalPct ?? null,
			memPct: s.host?.memory.pct ?? null,
			rxBps: s.host?.network.rxBps ?? null,
			txBps: s.host?.network.txBps ?? null,
			redisOpsPerS: s.redis?.opsPerS ?? null,
			redisMemBytes: s.redis?.usedMemoryBytes ?? null,
			loopLagMs: s.process?.eventLoopLagMs ?? null
		};
	}
}

const gapPoint = (t: number): SystemPoint => ({
	t,
	cpuPct: null,
	memPct: null,
	rxBps: null,
	txBps: null,
	redisOpsPerS: null,
	redisMemBytes: null,
	loopLagMs: null
});
