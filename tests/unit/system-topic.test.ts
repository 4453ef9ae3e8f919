import { describe, expect, it } from 'vitest';
import { LogTail } from '../../src/lib/server/platform/logging/log-tail.ts';
import { Store } from '../../src/lib/server/pipeline/store.ts';
import type { SystemSampler } from '../../src/lib/server/system/sampler.ts';
import { SystemTopic } from '../../src/lib/server/rooms/topics/system.ts';
import type { Health } from '../../src/lib/shared/protocol/health.ts';

const health = (over: Partial<Health['redis']>, lastWriteAt: number | null): Health => ({
	status: 'ok',
	redis: {
		connected: true,
		notAnswering: false,
		notifications: 'on',
		detail: null,
		reconnects: 0,
		mode: 'standalone',
		nodes: 1,
		evictionRisk: null,
		...over
	},
	auth: { required: true, accountsLost: false },
	problems: [],
	socketAdapter: 'local',
	gateway: { lastWriteAt },
	pipeline: {
		flushes: 0,
		reconciles: 0,
		reconcileCorrections: 0,
		lastReconcileAt: null,
		pending: 0
	},
	clients: 1,
	uptimeS: 1,
	now: 0
});

// a sampler that has sampled nothing yet: the fields the topic reads
const sampler = {
	host: null,
	hostError: null,
	redis: null,
	redisError: null,
	process: null,
	generation: 0
} as unknown as SystemSampler;

function services(h: Health, now: number) {
	const t = new SystemTopic({
		sampler,
		tail: new LogTail(),
		health: () => h,
		gatewayStaleMs: 60_000,
		sampleMs: 1000,
		channels: () => []
	});
	return Object.fromEntries(t.derive(new Store(), now).services.map((s) => [s.name, s]));
}

describe('SystemTopic service health', () => {
	it('calls the gateway silent after the stale time, and fine before it (injected clock)', () => {
		expect(services(health({}, 1_000), 60_000).Gateway!.status).toBe('ok');
		const stale = services(health({}, 1_000), 62_000).Gateway!;
		expect(stale.status).toBe('warn');
		expect(stale.detail).toBe('silent for 61 s (stale after 60 s)');
		expect(services(health({}, null), 0).Gateway!.status).toBe('unknown');
	});

	it('shows Redis down, degraded (reconcile-only) or ok', () => {
		expect(
			services(health({ connected: false, detail: 'ECONNREFUSED' }, null), 0).Redis
		).toMatchObject({ status: 'down', detail: 'ECONNREFUSED' });
		expect(
			services(health({ notifications: 'reconcile-only', detail: 'CONFIG refused' }, null), 0)
				.Redis!.status
		).toBe('warn');
		expect(services(health({}, null), 0).Redis!.status).toBe('ok');
	});
});

describe('SystemTopic series (issue 21, item 6)', () => {
	it('puts a gap between samples when nobody sampled for a while, instead of a line across', () => {
		const s = {
			...sampler,
			host: { cpu: { totalPct: 40 }, memory: { pct: 50 }, network: {} }
		} as unknown as SystemSampler & {
			generation: number;
		};
		const t = new SystemTopic({
			sampler: s,
			tail: new LogTail(),
			health: () => health({}, null),
			gatewayStaleMs: 60_000,
			sampleMs: 1000,
			channels: () => []
		});
		const store = new Store();
		s.generation = 1;
		expect(t.sample(store, 1_000)?.cpuPct).toBe(40);
		expect(t.sample(store, 2_000)).toBeNull(); // no new sample: no point
		s.generation = 2;
		expect(t.sample(store, 3_000)?.cpuPct).toBe(40); // the next sample, on time
		// the page was closed for a minute: the sampler stopped; a new sample after that
		s.generation = 3;
		const gap = t.sample(store, 63_000)!;
		expect(gap.cpuPct).toBeNull();
		expect(t.sample(store, 64_000)?.cpuPct).toBe(40); // then the sample itself
	});
});
