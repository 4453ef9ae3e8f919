// The product areas, wired to the data path: samplers, cache control, groups, budgets,
// alerts, the settings kept in Redis, every room's topic and the rooms themselves. Called
// once by the composition root (realtime.ts); what it builds, the root exposes.
import type { NocConfig } from '../../shared/protocol/noc.ts';
import type { SecuritySettings } from '../../shared/protocol/security.ts';
import type { Clock } from '../../shared/time.ts';
import { AlertMetrics } from '../alerts/metrics.ts';
import { AlertService } from '../alerts/service.ts';
import type { Channel } from '../alerts/channels/channel.ts';
import type { AuthService } from '../auth/service.ts';
import { BudgetOutbox } from '../cost/budget-outbox.ts';
import { CostService } from '../cost/service.ts';
import { createGroups } from '../groups/service.ts';
import { SloService } from '../slo/service.ts';
import { ReportService } from '../reports/service.ts';
import { NOC_SETTING } from '../noc/config.ts';
import { HeatmapBackfill } from '../pipeline/heatmap-backfill.ts';
import type { Store } from '../pipeline/store.ts';
import { ChangeLog } from '../platform/change-log.ts';
import type { Config } from '../platform/config.ts';
import type { Logging } from '../platform/logging/log.ts';
import type { Metrics } from '../system/prometheus.ts';
import { StoredSetting } from '../platform/stored-setting.ts';
import type { Targets } from '../provisioning/apply.ts';
import { Provisioner } from '../provisioning/provisioner.ts';
import { ROUTING_SETTING } from '../alerts/routing.ts';
import type { AlertRouting } from '../../shared/protocol/alerts.ts';
import { HistoryService } from '../history/service.ts';
import { TailService } from '../explore/tail.ts';
import { Lease } from '../redis/lease.ts';
import { noteNodeEvents } from '../history/node-events.ts';
import type { Collector } from '../pipeline/collector.ts';
import type { Link } from '../redis/link.ts';
import { RoomSet } from '../rooms/room-set.ts';
import { createTopics, scopedUsersTopic } from '../rooms/topics/index.ts';
import { SECURITY_SETTING } from '../security/settings.ts';
import type { StreamsAdapter } from '../socket/adapter.ts';
import { TEAM_LIMITED_ROOM } from '../socket/guard.ts';
import type { HelixServer } from '../socket/types.ts';
import type { Health } from '../../shared/protocol/health.ts';
import type { Lifecycle } from './lifecycle.ts';
import { createSamplers } from './samplers.ts';
import { settingFacade as facade } from './services.ts';

export interface FeatureDeps {
	config: Config;
	clock: Clock;
	logging: Logging;
	link: Link;
	io: HelixServer;
	adapter: StreamsAdapter | null;
	store: Store;
	auth: AuthService;
	health: () => Health;
	metrics: Metrics;
	life: Lifecycle;
	collector: Collector;
	alertChannels?: Channel[];
}

export function startFeatures(d: FeatureDeps) {
	const { config, clock, link, io, store } = d;
	const child = (module: string) => d.logging.log.child({ module });
	const client = () => link.command;
	const up = () => link.connected;
	// rooms are built last (their topics read every service); callbacks before that are no-ops
	const late: { rooms?: RoomSet } = {};
	const refresh = (room?: Parameters<RoomSet['refresh']>[0]) => late.rooms?.refresh(room);

	const { sampler, cacheSampler, cache } = createSamplers(d, child, refresh);
	const changes = new ChangeLog(client, up);
	const onCollectionChange = () => {
		void changes.load().then(() => refresh('users'));
		refresh('cost');
		refresh('users');
	};
	const groups = createGroups(client, up, onCollectionChange);
	const cost = new CostService({
		client: link.command,
		isConnected: up,
		store,
		clock,
		timezone: config.timezone,
		log: child('cost'),
		onChange: onCollectionChange,
		// announced by the one node that records the crossing first; the adapter (if any) takes it to every node
		onBudgetEvent: (e) => io.except(TEAM_LIMITED_ROOM).emit('budget', e)
	});
	// one leader lease per node: the alert notifications and the history writer follow it
	const lease = new Lease(link.command, up, child('lease'));
	const history = config.enableHistory
		? new HistoryService({
				config,
				link,
				lease,
				store,
				io,
				audit: d.auth.audit,
				clock,
				log: child('history')
			})
		: null;
	// which channels each severity goes to; the lease holder reads it when it sends
	const routing = new StoredSetting<AlertRouting>(ROUTING_SETTING, client, up, () =>
		refresh('alerts')
	);
	const slo = new SloService(client, up, history?.reader ?? null, clock, () => refresh('alerts'));
	const alertMetrics = new AlertMetrics(store, d.health, sampler, cost, clock, config.timezone);
	alertMetrics.slos = () => slo.latest;
	if (history) history.writer.fineModels = () => slo.models(); // per-model SLOs' 1-minute series
	slo.onStatuses = (s) => io.local.except(TEAM_LIMITED_ROOM).emit('slo', s);
	const alerts: AlertService | null = config.enableAlerts
		? new AlertService({
				client: link.command,
				isConnected: up,
				lease,
				clock,
				log: child('alerts'),
				channels: config.alerts,
				sample: (m) => alertMetrics.sample(m),
				// every node evaluates; with the adapter only the lease holder's toast goes out (to
				// every node), without it each node shows its own to its own browsers
				broadcast: (n) => {
					if (!d.adapter) io.local.except(TEAM_LIMITED_ROOM).emit('alert', n);
					else if (alerts?.isLeader) io.except(TEAM_LIMITED_ROOM).emit('alert', n);
				},
				beforeEvaluate: () => alertMetrics.tick(),
				onChange: () => refresh('alerts'),
				extraChannels: d.alertChannels,
				routing: () => routing.value
			})
		: null;
	// threshold crossings reach the channels once, from the lease holder (budget-outbox.ts)
	if (alerts)
		cost.outbox = new BudgetOutbox({
			client: link.command,
			isConnected: up,
			lease,
			clock,
			log: child('cost'),
			notify: (n, only) => alerts.notify(n, only)
		});
	// daily / weekly / monthly summaries, sent once per period by the lease holder
	const reports = alerts
		? new ReportService({
				client,
				isConnected: up,
				lease,
				clock,
				zone: config.timezone,
				log: child('reports'),
				alerts,
				retries: config.alerts.retries,
				onChange: () => refresh('alerts'),
				store,
				cost,
				slo,
				reader: history?.reader ?? null
			})
		: null;
	const security = new StoredSetting<SecuritySettings>(SECURITY_SETTING, client, up, (s) => {
		child('realtime').info({ settings: s }, 'security settings changed');
		refresh('security');
	});
	const noc = new StoredSetting<NocConfig>(NOC_SETTING, client, up, (c) => io.local.emit('noc', c));

	const topics = createTopics(config, {
		sampler,
		tail: d.logging.tail,
		health: d.health,
		securitySettings: () => security.value,
		cacheSampler,
		flushStatus: () => cache.status,
		budgets: cost.budgets,
		groups,
		watcher: cost.watcher,
		thresholds: () => cost.thresholds.value,
		changes: () => changes.changes,
		alerts: () => alerts,
		channels: () => alerts?.channelStatus() ?? []
	});
	const roomSet = new RoomSet({
		io,
		store,
		clock,
		maxPoints: config.maxDataPoints,
		topics,
		scopedUsers: (teams) => scopedUsersTopic(config, groups, teams),
		onDelta: (room) => d.metrics.deltasEmitted.inc({ room })
	});
	late.rooms = roomSet;
	const backfill = new HeatmapBackfill(link.command, up, store, child('realtime'), () =>
		refresh('users')
	);
	// host and cache sampling run only while someone watches their room
	roomSet.onWatched('system', (on) => sampler.setWatched(on));
	roomSet.onWatched('cache', (on) => cacheSampler.timer.setWatched(on));
	roomSet.onWatched('users', (on) => on && void backfill.run());

	// every parsed helix:events entry, offered to the sockets watching the request tail
	const tail = (store.eventSink = new TailService(client));

	// the configuration as code (CONFIG_FILE): applied after every resync and on SIGHUP
	const targets: Targets = {
		rules: alerts?.rules ?? null,
		budgets: cost.budgets,
		groups,
		slos: slo.objectives,
		noc,
		security,
		routing,
		budgetThresholds: cost.thresholds,
		reports: reports?.schedule ?? null
	};
	const provisioner = config.configFile
		? new Provisioner(config.configFile, targets, child('config'), () => clock.now())
		: null;
	const stopHangup = provisioner?.onHangup();

	return {
		sampler,
		cache,
		history,
		tail,
		lease,
		groups,
		cost,
		alerts,
		slo,
		reports,
		rooms: roomSet,
		noc: facade(noc),
		security: facade(security),
		routing: facade(routing),
		provisioning: { provisioner, targets },
		onStoreChange(): void {
			roomSet.refresh();
			void cost.checkBudgets();
		},
		/** after each resync on connect: the heatmap counts the events from before this process (once) */
		async afterResync(): Promise<void> {
			void backfill.run();
			await provisioner?.apply();
		},
		/** what is re-read on connect, at each reconcile and on a cross-node change, in order */
		registerReloadables(): void {
			const warn = (p: string | null) =>
				p && child('realtime').warn({ problem: p }, 'stored setting');
			d.life.reloadable({
				name: 'security',
				sync: 'security',
				reload: () => security.load().then(() => warn(security.problem))
			});
			d.life.reloadable({
				name: 'cost',
				sync: 'cost',
				reload: async () => {
					await cost.load();
					for (const p of await groups.load())
						child('cost').warn({ problem: p }, 'stored item skipped');
					await changes.load();
				}
			});
			d.life.reloadable({ name: 'noc', sync: 'noc', reload: () => noc.load() });
			d.life.reloadable({ name: 'slos', sync: 'slo', reload: () => slo.objectives.load() });
			d.life.reloadable({ name: 'alert routing', sync: 'alerts', reload: () => routing.load() });
			// the report schedule is an alerts setting (its channels are the alerts')
			if (alerts)
				d.life.reloadable({
					name: 'alerts',
					sync: 'alerts',
					reload: () => alerts.load().then(() => reports?.schedule.load())
				});
		},
		registerClosers(): void {
			d.life.onClose('lease', () => lease.stop());
			if (history) {
				d.life.onClose('history', () => history.close());
				// this node's start, Redis outages and lost notifications, as chart annotations
				d.life.onClose(
					'node events',
					noteNodeEvents(link, d.collector, history.annotations, clock)
				);
			}
			d.life.onClose('rooms', () => roomSet.close());
			d.life.onClose('tail', () => tail.close());
			if (stopHangup) d.life.onClose('config file', stopHangup);
			d.life.onClose('cost', () => cost.close());
			d.life.onClose('slos', () => slo.stop());
			if (alerts) d.life.onClose('alerts', () => alerts.stop());
			if (reports) d.life.onClose('reports', () => reports.stop());
			d.life.onClose('samplers', () => {
				sampler.close();
				cacheSampler.timer.setWatched(false);
			});
		}
	};
}

export type Features = ReturnType<typeof startFeatures>;
