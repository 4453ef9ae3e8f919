// GET /metrics (Prometheus text format). Gateway figures are read from the dashboard's
// store at scrape time (no extra Redis reads); the dashboard's own are counted as they
// happen. No per-user or per-model labels: label cardinality stays bounded.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { KEYS } from '../../shared/contract/keys.ts';
import type { Health } from '../../shared/protocol/health.ts';
import type { Store } from '../pipeline/store.ts';

export interface MetricsDeps {
	store: Store;
	health: () => Health;
}

export class Metrics {
	readonly registry = new Registry();
	readonly flushDuration: Histogram;
	readonly deltasEmitted: Counter<'room'>;
	readonly slowConsumersDropped: Counter;
	readonly redisReconnects: Counter;
	readonly reconcileCorrections: Counter;

	constructor(deps: MetricsDeps) {
		const r = this.registry;
		const { store, health } = deps;
		collectDefaultMetrics({ register: r, prefix: 'helix_dashboard_' });

		const gauge = (name: string, help: string, read: () => number | null) =>
			new Gauge({
				name,
				help,
				registers: [r],
				collect() {
					const v = read();
					// an unknown value is left out of the scrape rather than reported as 0.
					// prom-client's reset() puts an unlabelled gauge back at 0, so the sample
					// map is emptied instead (its only state; the HELP and TYPE lines stay)
					if (v === null) (this as unknown as { hashMap: object }).hashMap = {};
					else this.set(v);
				}
			});

		gauge(
			'helix_gateway_requests',
			`Requests seen by the gateway (${KEYS.requestsTotal}).`,
			() => store.counters.get(KEYS.requestsTotal) ?? null
		);
		gauge(
			'helix_gateway_cache_hits',
			`Cache hits, exact and semantic (${KEYS.cacheHits}).`,
			() => store.counters.get(KEYS.cacheHits) ?? null
		);
		new Gauge({
			name: 'helix_gateway_events_by_outcome',
			help: `Requests read from ${KEYS.events} since the dashboard started, by cache outcome.`,
			labelNames: ['outcome'],
			registers: [r],
			collect() {
				for (const [outcome, n] of Object.entries(store.outcomes)) this.set({ outcome }, n);
			}
		});
		gauge('helix_gateway_spend_usd', `All-time spend in USD (${KEYS.spendTotal}).`, () =>
			store.dailySum(KEYS.spendTotal)
		);
		gauge('helix_gateway_saved_usd', `All-time USD saved by the cache (${KEYS.savedTotal}).`, () =>
			store.dailySum(KEYS.savedTotal)
		);
		gauge(
			'helix_gateway_pii_incidents',
			`Incidents in ${KEYS.piiIncidents} (the list is capped by the gateway).`,
			() => store.listLengths.get(KEYS.piiIncidents) ?? null
		);
		gauge(
			'helix_gateway_latency_max_seconds',
			`All-time maximum latency (${KEYS.latencyMax}).`,
			() => store.latencyMaxS
		);
		new Gauge({
			name: 'helix_gateway_latency_ms',
			help: `Request latency percentiles over the last ${store.latency.windowMs / 1000} s of ${KEYS.events}.`,
			labelNames: ['quantile'],
			registers: [r],
			collect() {
				this.reset();
				for (const q of [0.5, 0.95, 0.99]) {
					const v = store.latency.percentile(q * 100);
					if (v !== null) this.set({ quantile: String(q) }, v);
				}
			}
		});
		gauge(
			'helix_gateway_last_write_timestamp_seconds',
			'When the dashboard last saw the gateway write.',
			() => (store.lastWriteAt === null ? null : store.lastWriteAt / 1000)
		);

		gauge(
			'helix_dashboard_socket_clients',
			'Connected browsers (Socket.IO clients).',
			() => health().clients
		);
		gauge('helix_dashboard_redis_up', '1 when the command connection to Redis is ready.', () =>
			health().redis.connected ? 1 : 0
		);
		gauge(
			'helix_dashboard_notifications_on',
			'1 when keyspace notifications drive updates, 0 in reconcile-only mode.',
			() => (health().redis.notifications === 'on' ? 1 : 0)
		);
		this.flushDuration = new Histogram({
			name: 'helix_dashboard_flush_duration_seconds',
			help: 'Time of one collector flush (pipelined read of dirty keys, apply, publish).',
			buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
			registers: [r]
		});
		this.deltasEmitted = new Counter({
			name: 'helix_dashboard_deltas_emitted_total',
			help: 'Deltas emitted, per room.',
			labelNames: ['room'],
			registers: [r]
		});
		this.slowConsumersDropped = new Counter({
			name: 'helix_dashboard_slow_consumers_dropped_total',
			help: 'Sockets cut because they stopped reading and their queue passed the limit.',
			registers: [r]
		});
		this.redisReconnects = new Counter({
			name: 'helix_dashboard_redis_reconnects_total',
			help: 'Times the Redis command connection came back.',
			registers: [r]
		});
		this.reconcileCorrections = new Counter({
			name: 'helix_dashboard_reconcile_corrections_total',
			help: 'Values a periodic reconcile found changed with no notification: lost notifications.',
			registers: [r]
		});
	}

	render(): Promise<string> {
		return this.registry.metrics();
	}

	get contentType(): string {
		return this.registry.contentType;
	}
}
