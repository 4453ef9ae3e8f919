// Budgets and their crossings: the persisted budget collection and the check, after every
// store change (at most once a second), that announces a threshold the first time it is
// reached this month.
import type { BudgetEvent } from '../../shared/protocol/events.ts';
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import {
	budgetSchema,
	thresholdDefaultsSchema,
	type Budget,
	type ThresholdDefaults
} from '../../shared/protocol/cost.ts';
import { dateInZone, type Clock, type Zone, dayFraction } from '../../shared/time.ts';
import type { Store } from '../pipeline/store.ts';
import { Collection } from '../platform/collection.ts';
import { StoredSetting } from '../platform/stored-setting.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { RedisClient } from '../redis/client.ts';
import { BudgetWatcher } from './budget-events.ts';
import type { BudgetOutbox } from './budget-outbox.ts';
import { budgetView, monthFrame } from './spend.ts';

/** the thresholds of budgets without their own, per scope (GET/PUT /api/budgets/thresholds) */
export const THRESHOLDS_SETTING = {
	key: `${DASHBOARD_PREFIX}budget-thresholds`,
	schema: thresholdDefaultsSchema,
	fallback: {} as ThresholdDefaults,
	label: 'budget threshold defaults'
};

/** budgets an installation may have */
export const MAX_BUDGETS = 500;
/** budget checks run at most this often (a trailing check catches what came meanwhile) */
const CHECK_MS = 1000;

export interface CostServiceDeps {
	client: RedisClient;
	isConnected: () => boolean;
	store: Store;
	clock: Clock;
	timezone: Zone;
	log: Logger;
	/** budgets or crossings changed: republish cost and users */
	onChange: () => void;
	onBudgetEvent: (e: BudgetEvent) => void;
}

export class CostService {
	readonly budgets: Collection<Budget>;
	readonly watcher = new BudgetWatcher();
	readonly thresholds: StoredSetting<ThresholdDefaults>;
	/** sends crossings to the channels (set when alerts are on) */
	outbox: BudgetOutbox | null = null;
	#checking = false;
	#lastCheck = -Infinity;
	#trailing: ReturnType<typeof setTimeout> | null = null;

	constructor(private readonly deps: CostServiceDeps) {
		// a budget created (or lowered) below what is already spent is announced now, not at the next gateway write
		const onBudgetsChange = () => {
			deps.onChange();
			void this.checkBudgets();
		};
		this.budgets = new Collection(
			'budgets',
			budgetSchema,
			() => deps.client,
			deps.isConnected,
			onBudgetsChange,
			MAX_BUDGETS
		);
		this.thresholds = new StoredSetting(
			THRESHOLDS_SETTING,
			() => deps.client,
			deps.isConnected,
			onBudgetsChange
		);
	}

	/** On connect and at every reconcile: other nodes may have changed things. */
	async load(): Promise<void> {
		for (const p of await this.budgets.load())
			this.deps.log.warn({ problem: p }, 'stored item skipped');
		await this.thresholds.load();
		if (this.thresholds.problem)
			this.deps.log.warn({ problem: this.thresholds.problem }, 'stored setting');
		await this.watcher.load(this.deps.client);
	}

	close(): void {
		if (this.#trailing) clearTimeout(this.#trailing);
		this.outbox?.stop();
	}

	/** Announces budget thresholds crossed since the last check. */
	async checkBudgets(force = false): Promise<void> {
		const { clock, client, store, timezone } = this.deps;
		const now = clock.now();
		if (!this.deps.isConnected()) return;
		// throttled on the monotonic clock (the injectable clock may stand still in tests)
		if (this.#checking || (!force && performance.now() - this.#lastCheck < CHECK_MS)) {
			// a change during the quiet second is checked at its end, not dropped
			this.#trailing ??= setTimeout(() => {
				this.#trailing = null;
				void this.checkBudgets();
			}, CHECK_MS);
			return;
		}
		this.#checking = true;
		this.#lastCheck = performance.now();
		try {
			const frame = monthFrame(dateInZone(now, timezone), dayFraction(now, timezone));
			const defaults = this.thresholds.value;
			const views = this.budgets.list().map((b) => budgetView(store, b, frame, [], defaults));
			const events = await this.watcher.check(client, views, frame.month, now);
			for (const e of events) {
				this.deps.log.warn(
					{ budget: e.name, threshold: e.threshold, percent: Math.round(e.percent) },
					'budget threshold crossed'
				);
				this.deps.onBudgetEvent(e);
			}
			if (events.length) {
				this.deps.onChange();
				void this.outbox?.drain();
			}
		} catch (err) {
			this.deps.log.warn({ err: (err as Error).message }, 'budget check failed');
		} finally {
			this.#checking = false;
		}
	}
}
