// The alert system: rules (Redis, defaults, optional file), metrics sampled every second,
// the state engine, silences and acknowledgements (Redis, shared by nodes), history, toasts
// to every browser, and external notifications sent once — by the node holding the lease.
// A rule deleted or disabled resolves its alerts at once, on every node (the sync bus makes
// each node re-read the rules, which re-evaluates).
import { randomUUID } from 'node:crypto';
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import {
	ruleSchema,
	silenceSchema,
	type AlertHistoryEntry,
	type AlertNotice,
	type AlertRouting,
	type AlertRule,
	type AlertView,
	type DeliveryResult,
	type Silence
} from '../../shared/protocol/alerts.ts';
import { fail, ok, validate, type Reply } from '../../shared/protocol/reply.ts';
import type { Clock } from '../../shared/time.ts';
import { Collection } from '../platform/collection.ts';
import type { AlertChannelsConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { Lease } from '../redis/lease.ts';
import type { RedisClient } from '../redis/client.ts';
import { Baselines } from './baseline.ts';
import type { Channel } from './channels/channel.ts';
import { createChannels, deliver } from './channels/index.ts';
import { routed } from './routing.ts';
import { AlertEngine, type Sample, type Transition } from './engine.ts';
import { AlertHistory } from './history.ts';
import { seedDefaults } from './rules.ts';
import { loadRulesFile } from './rules-file.ts';

export const SILENCES_KEY = `${DASHBOARD_PREFIX}alert-silences`;
export const ACKS_KEY = `${DASHBOARD_PREFIX}alert-acks`;
/** rules an installation may have */
const MAX_RULES = 500;
const EVALUATE_MS = 1000;

export interface AlertDeps {
	client: RedisClient;
	isConnected: () => boolean;
	/** the node's leader lease (shared with the history writer; started here, stopped by its owner) */
	lease: Lease;
	clock: Clock;
	log: Logger;
	channels: AlertChannelsConfig;
	/** current values of a metric (one sample per label set) */
	sample: (metric: AlertRule['metric']) => Sample[];
	/** to every browser on this node */
	broadcast: (n: AlertNotice) => void;
	/** extra channels (tests) */
	extraChannels?: Channel[];
	/** which channels each severity goes to (default: every channel) */
	routing?: () => AlertRouting;
	/** runs at the start of every evaluation round (the metrics take their 1 s sample) */
	beforeEvaluate?: () => void;
	/** anything the Alerts room shows changed */
	onChange?: () => void;
}

export class AlertService {
	readonly rules: Collection<Omit<AlertRule, 'id'>>;
	readonly engine = new AlertEngine();
	readonly lease: Lease;
	readonly baselines = new Baselines();
	readonly history: AlertHistory;
	silences: Silence[] = [];
	deliveries: DeliveryResult[] = [];
	#channels: Channel[];
	#timer: ReturnType<typeof setInterval> | null = null;
	#started = false;
	#acks = new Map<string, string>();
	#inflight = new Set<Promise<unknown>>();

	constructor(private readonly deps: AlertDeps) {
		const client = () => deps.client;
		// a rule deleted or disabled resolves its alerts now, not at the next round (a new or
		// changed rule is evaluated at the next round, a second away)
		const onRules = () => {
			this.#changed();
			if (this.#started) void this.#retireGone();
		};
		this.rules = new Collection(
			'alert-rules',
			ruleSchema,
			client,
			deps.isConnected,
			onRules,
			MAX_RULES
		);
		this.lease = deps.lease;
		this.history = new AlertHistory(client);
		this.#channels = [...createChannels(deps.channels), ...(deps.extraChannels ?? [])];
	}

	/** this node sends the external notifications and writes the history */
	get isLeader(): boolean {
		return this.lease.isLeader;
	}

	/** pending and firing alerts, most severe first */
	active(): AlertView[] {
		return this.engine.active();
	}

	get recentHistory(): AlertHistoryEntry[] {
		return this.history.recent;
	}

	get channelNames(): string[] {
		return this.#channels.map((c) => c.name);
	}

	/** the configured channels (`only` those named); the scheduled reports send through them */
	channels(only?: readonly string[]): Channel[] {
		return only ? this.#channels.filter((c) => only.includes(c.name)) : [...this.#channels];
	}

	/** a delivery outside the rules (a report): shown with the channels like any other */
	recordDeliveries(results: DeliveryResult[]): void {
		const byChannel = new Map(this.deliveries.map((d) => [d.channel, d]));
		for (const r of results) byChannel.set(r.channel, r);
		this.deliveries = [...byChannel.values()];
		this.#changed();
	}

	/** each channel with its last delivery (the Alerts page) */
	channelStatus(): { name: string; last: DeliveryResult | null }[] {
		return this.#channels.map((c) => ({
			name: c.name,
			last: this.deliveries.find((x) => x.channel === c.name) ?? null
		}));
	}

	#changed(): void {
		this.deps.onChange?.();
	}

	/** On connect and every reconcile. Seeds the defaults once, then loads what is stored. */
	async load(): Promise<void> {
		const { client } = this.deps;
		await seedDefaults(client, this.rules.key);
		await this.rules.load();
		if (this.deps.channels.rulesFile)
			await loadRulesFile(this.deps.channels.rulesFile, this.rules, this.deps.log);
		const now = this.deps.clock.now();
		const raw = await client.hGetAll(SILENCES_KEY);
		this.silences = Object.values(raw)
			.map((j) => JSON.parse(j) as Silence)
			.filter((s) => s.until > now);
		this.#acks = new Map(Object.entries(await client.hGetAll(ACKS_KEY)));
		await this.history.load();
		this.#changed();
	}

	/** Starts the lease and the evaluation loop (once, until stop()). */
	start(): void {
		if (this.#started) return;
		this.#started = true;
		this.lease.start();
		this.#timer = setInterval(() => void this.evaluate(), EVALUATE_MS);
	}

	async stop(): Promise<void> {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		this.#started = false;
	}

	/** The alerts of rules deleted or disabled resolve (told to every browser, notified). */
	async #retireGone(): Promise<void> {
		const now = this.deps.clock.now();
		const live = new Set(
			this.rules
				.list()
				.filter((r) => r.enabled)
				.map((r) => r.id)
		);
		for (const t of this.engine.retire(live, now)) await this.#transition(t, now);
		this.#changed();
	}

	/** One evaluation round: sample, transition, toast, record, notify. */
	async evaluate(): Promise<void> {
		this.deps.beforeEvaluate?.();
		const now = this.deps.clock.now();
		const rules = this.rules.list().filter((r) => r.enabled);
		for (const t of this.engine.retire(new Set(rules.map((r) => r.id)), now))
			await this.#transition(t, now);
		for (const [key, by] of this.#acks) this.engine.acknowledge(key, by);
		for (const rule of rules) {
			let samples = this.deps.sample(rule.metric);
			if (rule.kind === 'anomaly')
				samples = samples.map((s) =>
					this.baselines.observe(
						`${rule.metric}|${JSON.stringify(s.labels ?? {})}`,
						s,
						now,
						rule.threshold
					)
				);
			for (const t of this.engine.evaluate(rule, samples, now, this.silences))
				await this.#transition(t, now);
		}
		this.#changed();
	}

	async #transition(t: Transition, now: number): Promise<void> {
		const write = this.lease.isLeader && this.deps.isConnected(); // one history, written once
		if (t.to === 'pending' && t.from !== 'pending' && !t.notify) {
			await this.history.record(t.alert, t.from, t.to, now, false, write);
			return;
		}
		const notice: AlertNotice = {
			alert: t.alert,
			from: t.from,
			to: t.to,
			repeat: t.repeat,
			at: now
		};
		if (t.to === 'firing' || t.to === 'resolved' || t.repeat) this.deps.broadcast(notice);
		if (t.to === 'resolved') {
			this.#acks.delete(t.alert.key);
			void this.deps.client.hDel(ACKS_KEY, t.alert.key).catch(() => {});
		}
		await this.history.record(t.alert, t.from, t.to, now, t.repeat, write);
		// external notifications go out once: from the node holding the lease
		if (t.notify && this.lease.isLeader && this.#channels.length) {
			const p = this.notify(notice).finally(() => this.#inflight.delete(p));
			this.#inflight.add(p);
		}
	}

	/**
	 * Sends a notice to `only` those channels (of the configured ones), or else to the ones the
	 * routing gives its severity; failures are logged and shown with the channels. The budget
	 * outbox calls it for threshold crossings (it decides, under the lease, that it sends once).
	 */
	async notify(n: AlertNotice, only?: readonly string[]): Promise<DeliveryResult[]> {
		const to = only
			? this.channels(only)
			: routed(this.#channels, this.deps.routing?.() ?? {}, n.alert.severity);
		if (!to.length) return [];
		const results = await deliver(to, n, this.deps.channels.retries, () => this.deps.clock.now());
		for (const r of results) {
			if (!r.ok)
				this.deps.log.warn(
					{ channel: r.channel, detail: r.detail, attempts: r.attempts },
					'alert delivery failed'
				);
		}
		this.recordDeliveries(results);
		return results;
	}

	/** Resolves when every notification under way has been delivered or given up. */
	async idle(): Promise<void> {
		await Promise.allSettled([...this.#inflight]);
	}

	async acknowledge(key: string, by: string): Promise<Reply<AlertView>> {
		const v = this.engine.acknowledge(key, by);
		if (!v) return fail('not_found', 'no firing alert with that key');
		await this.deps.client.hSet(ACKS_KEY, key, by);
		this.#acks.set(key, by);
		this.#changed();
		return ok(v);
	}

	async silence(input: unknown, by: string): Promise<Reply<Silence>> {
		const r = validate(silenceSchema, input);
		if (!r.ok) return r;
		const { ruleId, minutes, reason } = r.data;
		if (ruleId !== '*' && !this.rules.get(ruleId))
			return fail('invalid', 'ruleId must be a rule id or *');
		const s: Silence = {
			id: randomUUID(),
			ruleId,
			until: this.deps.clock.now() + minutes * 60_000,
			reason,
			by
		};
		await this.deps.client.hSet(SILENCES_KEY, s.id, JSON.stringify(s));
		this.silences.push(s);
		this.#changed();
		return ok(s);
	}

	async unsilence(id: string): Promise<Reply<{ id: string }>> {
		if (!this.silences.some((s) => s.id === id))
			return fail('not_found', `no silence with id "${id.slice(0, 60)}"`);
		await this.deps.client.hDel(SILENCES_KEY, id);
		this.silences = this.silences.filter((s) => s.id !== id);
		this.#changed();
		return ok({ id });
	}
}
