// What the running dashboard offers the routes (through event.locals), the production entry
// and the tests: its services, each reached by one name. Types only, so that this file
// imports no wiring and nothing imports the composition root back.
import type { SloService } from '../slo/service.ts';
import type { ReportService } from '../reports/service.ts';
import type { StoredSetting } from '../platform/stored-setting.ts';
import type { Principal } from '../../shared/auth.ts';
import type { AlertRouting } from '../../shared/protocol/alerts.ts';
import type { Group } from '../../shared/protocol/groups.ts';
import type { Health } from '../../shared/protocol/health.ts';
import type { NocConfig } from '../../shared/protocol/noc.ts';
import type { Reply } from '../../shared/protocol/reply.ts';
import type { RoomName, RoomSnapshot } from '../../shared/protocol/rooms.ts';
import type { SecuritySettings } from '../../shared/protocol/security.ts';
import type { AlertService } from '../alerts/service.ts';
import type { HistoryService } from '../history/service.ts';
import type { TailService } from '../explore/tail.ts';
import type { Lease } from '../redis/lease.ts';
import type { Targets } from '../provisioning/apply.ts';
import type { Provisioner } from '../provisioning/provisioner.ts';
import type { AccountAdmin } from '../auth/admin.ts';
import type { AuthService } from '../auth/service.ts';
import type { CostService } from '../cost/service.ts';
import type { Collector } from '../pipeline/collector.ts';
import type { Store } from '../pipeline/store.ts';
import type { Collection } from '../platform/collection.ts';
import type { Config } from '../platform/config.ts';
import type { Logging } from '../platform/logging/log.ts';
import type { Metrics } from '../system/prometheus.ts';
import type { RedisClient } from '../redis/client.ts';
import type { SyncBus } from '../redis/sync-bus.ts';
import type { HelixServer } from '../socket/types.ts';
import type { SystemSampler } from '../system/sampler.ts';

/** A setting kept in Redis, as its callers see it. */
export interface SettingFacade<T> {
	/** the value in force (the default while the stored one is missing or invalid) */
	get(): T;
	/** validates, saves to Redis, republishes; a clear message on bad input */
	update(input: unknown): Promise<Reply<T>>;
}

export const settingFacade = <T>(s: StoredSetting<T>): SettingFacade<T> => ({
	get: () => s.value,
	update: (input) => s.update(input)
});

export interface Realtime {
	readonly io: HelixServer;
	readonly collector: Collector;
	readonly store: Store;
	readonly metrics: Metrics;
	readonly sampler: SystemSampler;
	readonly logging: Logging;
	/** the configuration this instance runs with (routes read it here, not from the environment) */
	readonly config: Config;
	/** the command connection, for route handlers that write the dashboard's own keys */
	readonly redis: RedisClient;
	readonly cost: CostService;
	readonly groups: Collection<Group>;
	/** service-level objectives and their status from the rollups */
	readonly slo: SloService;
	/** scheduled reports (null with alerts off: they go through the alert channels) */
	readonly reports: ReportService | null;
	/** null with ENABLE_ALERTS=false */
	readonly alerts: AlertService | null;
	/** the rollups, /api/history and chart annotations (null with ENABLE_HISTORY=false) */
	readonly history: HistoryService | null;
	/** the live request tail (/requests, tail:* socket events) */
	readonly tail: TailService;
	/** this node's leader lease (alert notifications and the history writer follow it) */
	readonly lease: Lease;
	readonly auth: AuthService;
	/** accounts and display tokens, as the admin API and page change them */
	readonly accounts: AccountAdmin;
	/** tells the other dashboard nodes what an operator changed here */
	readonly sync: SyncBus;
	readonly noc: SettingFacade<NocConfig> & { config(): NocConfig };
	readonly security: SettingFacade<SecuritySettings> & { settings(): SecuritySettings };
	/** which alert channels each severity goes to */
	readonly routing: SettingFacade<AlertRouting>;
	/** the configuration as code: the file's applier (null without CONFIG_FILE) and what it writes */
	readonly provisioning: { provisioner: Provisioner | null; targets: Targets };
	health(): Health;
	/** Redis connected and the first reconcile done: the numbers are real */
	isReady(): boolean;
	snapshot<R extends RoomName>(room: R): RoomSnapshot<R>;
	/** the room as this caller may see it (team-limited accounts: their teams only; undefined: not theirs) */
	snapshotFor<R extends RoomName>(
		room: R,
		principal: Principal | null
	): RoomSnapshot<R> | undefined;
	/** resolves once the first reconcile after connecting has run (tests, demo) */
	ready(): Promise<void>;
	close(): Promise<void>;
}
