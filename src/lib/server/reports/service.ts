// Scheduled reports: the schedule (Redis, or the configuration file's `reports`), a check
// every 30 s by the lease holder, and each due report sent once per period — claimed with
// SET NX on its period key before it is built and sent, so several nodes, restarts and lease
// handovers send it once (a holder that dies mid-send loses that one; never twice). A report
// is sent only within CATCH_UP_MS of its due time: after a long outage the next one is sent,
// not every missed one. "Send now" (admins) builds the same report for the period the last
// due one covered, marked as a preview, and sends it only when asked.
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import type { DeliveryResult } from '../../shared/protocol/alerts.ts';
import {
	REPORT_KINDS,
	reportScheduleSchema,
	type RenderedReport,
	type ReportKind,
	type ReportPeriod,
	type ReportSchedule
} from '../../shared/protocol/reports.ts';
import type { Clock, Zone } from '../../shared/time.ts';
import type { AlertService } from '../alerts/service.ts';
import { deliverWith } from '../alerts/channels/index.ts';
import type { Logger } from '../platform/logging/log.ts';
import { StoredSetting } from '../platform/stored-setting.ts';
import type { RedisClient } from '../redis/client.ts';
import type { Lease } from '../redis/lease.ts';
import { buildReport, type ReportSources } from './build.ts';
import { lastDue } from './periods.ts';
import type { CostService } from '../cost/service.ts';
import type { HistoryReader } from '../history/reader.ts';
import type { Store } from '../pipeline/store.ts';
import type { SloService } from '../slo/service.ts';
import { renderReport } from './render.ts';

export const REPORTS_SETTING = {
	key: `${DASHBOARD_PREFIX}report-schedule`,
	schema: reportScheduleSchema,
	fallback: {} as ReportSchedule,
	label: 'report schedule'
};
const sentKey = (key: string) => `${DASHBOARD_PREFIX}reports:sent:${key}`;
/** a period's claim outlives any period (a monthly report's key is kept 400 days) */
const SENT_TTL_S = 400 * 86_400;
const CHECK_MS = 30_000;
/** a report due longer ago than this (the dashboard was down) is skipped */
export const CATCH_UP_MS = 6 * 3_600_000;

export interface ReportDeps {
	client: () => RedisClient;
	isConnected: () => boolean;
	lease: Lease;
	clock: Clock;
	zone: Zone;
	log: Logger;
	alerts: AlertService;
	retries: number;
	onChange: () => void;
	store: Store;
	cost: Pick<CostService, 'budgets' | 'thresholds'>;
	slo: Pick<SloService, 'latest'>;
	reader: HistoryReader | null;
}

export class ReportService {
	readonly schedule: StoredSetting<ReportSchedule>;
	#timer: ReturnType<typeof setInterval> | null = null;
	#running: Promise<void> | null = null;
	/** the period each kind was last claimed for (by any node): not asked of Redis again */
	#claimed = new Map<ReportKind, string>();
	/** the last scheduled send per kind (the Admin page) */
	last: Partial<Record<ReportKind, { key: string; at: number; results: DeliveryResult[] }>> = {};

	readonly sources: ReportSources;

	constructor(private readonly deps: ReportDeps) {
		this.sources = {
			store: deps.store,
			zone: deps.zone,
			budgets: () => deps.cost.budgets.list(),
			thresholds: () => deps.cost.thresholds.value,
			reader: deps.reader,
			slos: () => deps.slo.latest,
			alertHistory: () => deps.alerts.history.query({ limit: 1_000 })
		};
		this.schedule = new StoredSetting(REPORTS_SETTING, deps.client, deps.isConnected, () =>
			deps.onChange()
		);
	}

	start(): void {
		this.#timer ??= setInterval(() => void this.tick(), CHECK_MS);
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}

	/** Sends what is due and not sent (the lease holder only); one check at a time. */
	tick(): Promise<void> {
		this.#running ??= this.#tick()
			.catch((err: Error) => this.deps.log.warn({ err: err.message }, 'report check failed'))
			.finally(() => (this.#running = null));
		return this.#running;
	}

	async #tick(): Promise<void> {
		const { lease, isConnected, clock, zone } = this.deps;
		const now = clock.now();
		for (const kind of REPORT_KINDS) {
			if (!lease.isLeader || !isConnected()) return;
			const p = lastDue(kind, this.schedule.value, now, zone);
			if (!p || now - p.dueAt > CATCH_UP_MS || this.#claimed.get(kind) === p.key) continue;
			const won = await this.deps
				.client()
				.set(sentKey(p.key), `${lease.id} ${new Date(now).toISOString()}`, {
					NX: true,
					EX: SENT_TTL_S
				});
			this.#claimed.set(kind, p.key);
			if (won !== 'OK') continue; // sent already, by this node or another
			const r = await this.#render(p, false);
			const results = await this.send(r);
			this.last[kind] = { key: p.key, at: now, results };
			this.deps.log.info({ report: p.key, channels: results.map((x) => x.channel) }, 'report sent');
			this.deps.onChange();
		}
	}

	async #render(p: ReportPeriod, preview: boolean): Promise<RenderedReport> {
		const data = await buildReport(p, this.sources, this.deps.clock.now(), preview);
		const channels = this.schedule.value[p.kind]?.channels;
		return { ...renderReport(data), ...(channels ? { channels } : {}) };
	}

	/** To the report's channels (or every configured one) that can carry a report. */
	async send(r: RenderedReport): Promise<DeliveryResult[]> {
		const to = this.deps.alerts.channels(r.channels).filter((c) => c.sendReport);
		const results = await deliverWith(
			to,
			(c) => c.sendReport!(r),
			this.deps.retries,
			() => this.deps.clock.now()
		);
		this.deps.alerts.recordDeliveries(results);
		return results;
	}

	/**
	 * "Send now": the report of `kind` for the period its last due run covered (a kind not
	 * scheduled: as if due daily at 00:00, weekly on Monday, monthly on the 1st), marked as a
	 * preview; sent only when `send`.
	 */
	async preview(
		kind: ReportKind,
		send: boolean
	): Promise<{ report: RenderedReport; results: DeliveryResult[] | null }> {
		const now = this.deps.clock.now();
		const sched: ReportSchedule = {
			daily: { at: '00:00' },
			weekly: { at: '00:00', day: 'monday' },
			monthly: { at: '00:00', day: 1 },
			...this.schedule.value
		};
		const report = await this.#render(lastDue(kind, sched, now, this.deps.zone)!, true);
		return { report, results: send ? await this.send(report) : null };
	}
}
