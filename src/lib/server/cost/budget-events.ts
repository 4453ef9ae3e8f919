// Budget threshold crossings: the first time a budget's month-to-date spend reaches one of
// its thresholds in a month, a budget event is recorded (bounded stream) and announced. HSETNX
// on the crossing makes it happen once even with several dashboard nodes.
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import type { BudgetEvent } from '../../shared/protocol/events.ts';
import type { BudgetView } from '../../shared/protocol/state/cost.ts';
import type { RedisClient } from '../redis/client.ts';

export const CROSSED_KEY = `${DASHBOARD_PREFIX}budgets:crossed`;
export const BUDGET_EVENTS_KEY = `${DASHBOARD_PREFIX}budget-events`;

export class BudgetWatcher {
	/** `${budgetId}|${month}` -> thresholds crossed */
	#crossed = new Map<string, number[]>();

	crossedFor(id: string, month: string): number[] {
		return this.#crossed.get(`${id}|${month}`) ?? [];
	}

	async load(client: RedisClient): Promise<void> {
		const next = new Map<string, number[]>();
		for (const field of Object.keys(await client.hGetAll(CROSSED_KEY))) {
			const [id, month, t] = field.split('|');
			if (!id || !month || !t) continue;
			const k = `${id}|${month}`;
			next.set(
				k,
				[...(next.get(k) ?? []), Number(t)].sort((a, b) => a - b)
			);
		}
		this.#crossed = next;
	}

	/** Records and returns the crossings this node is first to see. */
	async check(
		client: RedisClient,
		views: BudgetView[],
		month: string,
		now: number
	): Promise<BudgetEvent[]> {
		const events: BudgetEvent[] = [];
		for (const v of views) {
			const k = `${v.id}|${month}`;
			const have = this.#crossed.get(k) ?? [];
			for (const { percent: t, severity, channels } of v.levels) {
				if (v.percent < t || have.includes(t)) continue;
				have.push(t);
				this.#crossed.set(
					k,
					[...have].sort((a, b) => a - b)
				);
				const won = await client.hSetNX(CROSSED_KEY, `${k}|${t}`, new Date(now).toISOString());
				if (!won) continue; // another node announced it
				const ev: BudgetEvent = {
					budgetId: v.id,
					name: v.name,
					scope: v.scope,
					target: v.target,
					threshold: t,
					severity,
					...(channels ? { channels } : {}),
					percent: v.percent,
					spentUsd: v.spentUsd,
					monthlyUsd: v.monthlyUsd,
					month,
					at: now
				};
				await client.xAdd(
					BUDGET_EVENTS_KEY,
					'*',
					Object.fromEntries(
						Object.entries(ev).map(([a, b]) => [
							a,
							typeof b === 'object' ? JSON.stringify(b) : String(b)
						])
					),
					{
						TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: 1000 }
					}
				);
				events.push(ev);
			}
		}
		return events;
	}
}
