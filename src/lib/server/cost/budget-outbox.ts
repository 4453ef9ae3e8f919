// Budget threshold crossings, delivered to the notification channels exactly once. Any node
// that first records a crossing appends it to the budget-events stream (budget-events.ts);
// only the lease holder sends, reading the stream after a cursor kept in Redis. Before it
// sends an entry it moves the cursor from the entry before to it, compare-and-set in one
// script — so across nodes, restarts, lease handovers and two nodes that both believe they
// hold the lease, each entry is claimed by exactly one of them (one key: Cluster-safe).
// the send loses that one notification (at most once, never twice; the crossing stays on the
// Cost page and in the stream). Bounded: 50 entries a read, one drain at a time.
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import type { AlertNotice, DeliveryResult } from '../../shared/protocol/alerts.ts';
import type { BudgetEvent } from '../../shared/protocol/events.ts';
import { formatUsd } from '../../shared/format.ts';
import type { Clock } from '../../shared/time.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { RedisClient } from '../redis/client.ts';
import type { Lease } from '../redis/lease.ts';
import { BUDGET_EVENTS_KEY } from './budget-events.ts';

export const OUTBOX_CURSOR_KEY = `${DASHBOARD_PREFIX}budget-events:sent`;
/** a cursor that was never set (a new installation) starts this far back */
const FIRST_LOOKBACK_MS = 10 * 60_000;
const READ = 50;
/** other nodes' crossings and a new lease holder are picked up this often */
const DRAIN_MS = 5_000;

// KEYS: cursor; ARGV: the cursor as read, the entry id. 1: claimed (the cursor is the entry now).
const CLAIM = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1`;

export interface OutboxDeps {
	client: RedisClient;
	isConnected: () => boolean;
	lease: Lease;
	clock: Clock;
	log: Logger;
	/** the alert service's delivery: to `only` these channels, or by the routing */
	notify: (n: AlertNotice, only?: readonly string[]) => Promise<DeliveryResult[]>;
}

/** A stream entry back to its event; null for one this version cannot read. */
export function parseBudgetEntry(f: Record<string, string>): BudgetEvent | null {
	const num = (k: string) => Number(f[k]);
	if (!f.budgetId || !f.name || !Number.isFinite(num('threshold'))) return null;
	const severity = f.severity === 'critical' || f.severity === 'info' ? f.severity : 'warning';
	let channels: BudgetEvent['channels'];
	try {
		const c = f.channels ? (JSON.parse(f.channels) as unknown) : undefined;
		if (Array.isArray(c)) channels = c.filter((x) => typeof x === 'string') as never;
	} catch {
		channels = [];
	}
	return {
		budgetId: f.budgetId,
		name: f.name,
		scope: (f.scope ?? 'gateway') as BudgetEvent['scope'],
		target: f.target && f.target !== 'null' ? f.target : null,
		threshold: num('threshold'),
		severity,
		...(channels ? { channels } : {}),
		percent: num('percent'),
		spentUsd: num('spentUsd'),
		monthlyUsd: num('monthlyUsd'),
		month: f.month ?? '',
		at: num('at')
	};
}

/** The notice every channel formats: "[WARNING] Budget 80% reached firing: value 81.0%; …" */
export function budgetNotice(e: BudgetEvent): AlertNotice {
	const scope = e.scope === 'gateway' ? 'the gateway' : `${e.scope} ${e.target}`;
	return {
		alert: {
			key: `budget-threshold|${e.budgetId}|${e.month}|${e.threshold}`,
			ruleId: 'budget-threshold',
			ruleName: `Budget ${e.threshold}% reached`,
			metric: 'budget_burn_pct',
			severity: e.severity,
			labels: { budget: e.name, month: e.month },
			state: 'firing',
			value: e.percent,
			expected: null,
			threshold: e.threshold,
			since: e.at,
			firedAt: e.at,
			acknowledgedBy: null,
			silencedUntil: null,
			detail: `${formatUsd(e.spentUsd)} of ${formatUsd(e.monthlyUsd)} this month for ${scope}`
		},
		from: 'ok',
		to: 'firing',
		repeat: false,
		at: e.at
	};
}

export class BudgetOutbox {
	#draining: Promise<void> | null = null;
	#again = false;
	#timer: ReturnType<typeof setInterval> | null = null;
	/** entries this node sent (tests and the log) */
	sent = 0;

	constructor(private readonly deps: OutboxDeps) {}

	start(): void {
		this.#timer ??= setInterval(() => void this.drain(), DRAIN_MS);
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}

	/** Sends what is after the cursor (the lease holder only); a call during a drain runs once more after it. */
	drain(): Promise<void> {
		if (this.#draining) {
			this.#again = true;
			return this.#draining;
		}
		this.#draining = this.#drain()
			.catch((err: Error) => this.deps.log.warn({ err: err.message }, 'budget outbox failed'))
			.finally(() => {
				this.#draining = null;
				if (this.#again) {
					this.#again = false;
					void this.drain();
				}
			});
		return this.#draining;
	}

	async #drain(): Promise<void> {
		const { client, lease, isConnected } = this.deps;
		for (;;) {
			if (!lease.isLeader || !isConnected()) return;
			let cursor = await client.get(OUTBOX_CURSOR_KEY);
			if (cursor === null) {
				// stream ids are Redis's clock, not ours: the lookback starts from its TIME
				const [sec] = (await client.sendCommand(['TIME'])) as [string, string];
				await client.set(OUTBOX_CURSOR_KEY, `${Number(sec) * 1000 - FIRST_LOOKBACK_MS}-0`, {
					NX: true
				});
				cursor = await client.get(OUTBOX_CURSOR_KEY);
			}
			const entries = await client.xRange(BUDGET_EVENTS_KEY, `(${cursor}`, '+', { COUNT: READ });
			for (const { id, message } of entries) {
				if (!lease.isLeader) return;
				const won = await client.eval(CLAIM, {
					keys: [OUTBOX_CURSOR_KEY],
					arguments: [cursor!, id]
				});
				if (Number(won) !== 1) return; // another node claimed it (its next drain goes on)
				cursor = id;
				const e = parseBudgetEntry(message as Record<string, string>);
				if (!e) {
					this.deps.log.warn({ id }, 'unreadable budget event skipped');
					continue;
				}
				this.sent++;
				await this.deps.notify(budgetNotice(e), e.channels);
			}
			if (entries.length < READ) return;
		}
	}
}
