// Budgets, groups and budget events in one place: persisted collections, the change log,
// and the budget check that runs after every store change (at most once a second).
import type { BudgetEvent } from '../../shared/events.ts';
import { dateInZone, type Clock } from '../../shared/time.ts';
import type { ChangeView } from '../../shared/types.ts';
import { CHANGES_KEY, Collection } from '../collection.ts';
import type { Logger } from '../log.ts';
import type { RedisClient } from '../redis.ts';
import type { Store } from '../store.ts';
import { BudgetWatcher } from './budget-events.ts';
import { budgetSchema, groupSchema, type Budget, type Group } from './schemas.ts';
import { budgetView, monthFrame } from './spend.ts';

export interface CostServiceDeps {
	client: RedisClient;
	isConnected: () => boolean;
	store: Store;
	clock: Clock;
	timezoneOffset: number;
	log: Logger;
	/** budgets, groups or crossings changed: republish cost and users */
	onChange: () => void;
	onBudgetEvent: (e: BudgetEvent) => void;
}

export class CostService {
	readonly budgets: Collection<Budget>;
	readonly groups: Collection<Group>;
	readonly watcher = new BudgetWatcher();
	changes: ChangeView[] = [];
	#checking = false;
	#lastCheck = -Infinity;
	#trailing: ReturnType<typeof setTimeout> | null = null;

	constructor(private readonly deps: CostServiceDeps) {
		const onChange = () => {
			void this.#loadChanges();
			deps.onChange();
		};
		// a budget created (or lowered) below what is already spent is announced now, not at the next gateway write
		const onBudgetsChange = () => {
			onChange();
			void this.checkBudgets();
		};
		this.budgets = new Collection('budgets', budgetSchema, () => deps.client, deps.isConnected, onBudgetsChange, 500);
		this.groups = new Collection('groups', groupSchema, () => deps.client, deps.isConnected, onChange, 500);
	}

	/** On connect and at every reconcile: other nodes may have changed things. */
	async load(): Promise<void> {
		const problems = [...(await this.budgets.load()), ...(await this.groups.load())];
		for (const p of problems) this.deps.log.warn({ problem: p }, 'stored item skipped');
		await this.watcher.load(this.deps.client);
		await this.#loadChanges();
	}

	async #loadChanges(): Promise<void> {
		if (!this.deps.isConnected()) return;
		const entries = await this.deps.client.xRevRange(CHANGES_KEY, '+', '-', { COUNT: 20 });
		this.changes = entries.map(({ id, message }) => {
			const m = message as Record<string, string>;
			return { at: Number(id.split('-')[0]), kind: m.kind ?? '', action: m.action ?? '', name: m.name ?? '', who: m.who ?? '' };
		});
	}

	close(): void {
		if (this.#trailing) clearTimeout(this.#trailing);
	}

	/** Announces budget thresholds crossed since the last check. */
	async checkBudgets(force = false): Promise<void> {
		const { clock, client, store, timezoneOffset } = this.deps;
		const now = clock.now();
		if (!this.deps.isConnected()) return;
		// throttled on the monotonic clock (the injectable clock may stand still in tests)
		if (this.#checking || (!force && performance.now() - this.#lastCheck < 1000)) {
			// a change during the quiet second is checked at its end, not dropped
			this.#trailing ??= setTimeout(() => {
				this.#trailing = null;
				void this.checkBudgets();
			}, 1000);
			return;
		}
		this.#checking = true;
		this.#lastCheck = performance.now();
		try {
			const frame = monthFrame(dateInZone(now, timezoneOffset));
			const views = this.budgets.list().map((b) => budgetView(store, b, frame, []));
			const events = await this.watcher.check(client, views, frame.month, now);
			for (const e of events) {
				this.deps.log.warn({ budget: e.name, threshold: e.threshold, percent: Math.round(e.percent) }, 'budget threshold crossed');
				this.deps.onBudgetEvent(e);
			}
			if (events.length) this.deps.onChange();
		} catch (err) {
			this.deps.log.warn({ err: (err as Error).message }, 'budget check failed');
		} finally {
			this.#checking = false;
		}
	}
}
