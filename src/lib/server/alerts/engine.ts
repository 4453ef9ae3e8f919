// Alert states, per rule and label set: ok → pending → firing → resolved (→ ok).
//   pending: the condition holds, for less than `forSeconds`
//   firing:  it has held for `forSeconds`; notified at once and every `repeatMinutes`
//   resolved: the value is back past the threshold by the hysteresis margin (so a value
//             hovering at the threshold does not flap)
// Silences mute notifications (state still moves); acknowledgement stops repeats until the
// alert resolves. Pure: time comes in as an argument.
import type {
	AlertRule,
	Silence,
	AlertSeverity,
	AlertState,
	AlertView,
	Comparator
} from '../../shared/protocol/alerts.ts';

export interface Sample {
	/** the metric's value; null = unknown (no data): never fires, never resolves */
	value: number | null;
	/** label values, e.g. { budget: 'Search team' }; an alert exists per rule + labels */
	labels?: Record<string, string>;
	/** for anomaly rules: the expected value (baseline) shown beside the actual */
	expected?: number | null;
	/** for anomaly rules: how far from expected counts as a breach */
	tolerance?: number | null;
	/** what the figure alone does not say, carried on the alert and its notices */
	detail?: string | null;
}

export type { Silence };

export interface Transition {
	alert: AlertView;
	from: AlertState;
	to: AlertState;
	/** a notification should go out (firing, repeat, resolved), unless silenced */
	notify: boolean;
	repeat: boolean;
}

const breached = (cmp: Comparator, v: number, t: number) =>
	cmp === '>' ? v > t : cmp === '>=' ? v >= t : cmp === '<' ? v < t : v <= t;

/** Back on the good side by the hysteresis margin (a percent of the threshold). */
function recovered(cmp: Comparator, v: number, t: number, hysteresisPct: number): boolean {
	const m = Math.abs(t) * (hysteresisPct / 100);
	if (cmp === '>') return v <= t - m;
	if (cmp === '>=') return v < t - m;
	if (cmp === '<') return v >= t + m;
	return v > t + m;
}

export const alertKey = (ruleId: string, labels: Record<string, string>) =>
	`${ruleId}|${Object.entries(labels)
		.sort(([a], [b]) => (a < b ? -1 : 1))
		.map(([k, v]) => `${k}=${v}`)
		.join(',')}`;

interface Tracked {
	view: AlertView;
	lastNotified: number | null;
}

export class AlertEngine {
	#alerts = new Map<string, Tracked>();

	/** Evaluates one rule's samples at `now`; returns the transitions (and repeats). */
	evaluate(rule: AlertRule, samples: Sample[], now: number, silences: Silence[]): Transition[] {
		const out: Transition[] = [];
		const seen = new Set<string>();
		for (const s of samples) {
			const labels = { ...rule.labels, ...(s.labels ?? {}) };
			const key = alertKey(rule.id, labels);
			seen.add(key);
			const t = this.#alerts.get(key) ?? {
				view: {
					key,
					ruleId: rule.id,
					ruleName: rule.name,
					metric: rule.metric,
					severity: rule.severity,
					labels,
					state: 'ok' as AlertState,
					value: null,
					expected: null,
					threshold: rule.threshold,
					since: now,
					firedAt: null,
					acknowledgedBy: null,
					silencedUntil: null
				},
				lastNotified: null
			};
			this.#alerts.set(key, t);
			const v = t.view;
			v.value = s.value;
			v.expected = s.expected ?? null;
			v.detail = s.detail ?? null;
			v.ruleName = rule.name;
			v.severity = rule.severity;
			v.threshold = rule.threshold;
			const silence = silences.find(
				(x) => (x.ruleId === rule.id || x.ruleId === '*') && x.until > now
			);
			v.silencedUntil = silence?.until ?? null;
			const move = (to: AlertState, notify: boolean, repeat = false) => {
				const from = v.state;
				v.state = to;
				v.since = now;
				if (notify && !silence) t.lastNotified = now;
				out.push({ alert: { ...v }, from, to, notify: notify && !silence, repeat });
			};
			if (s.value === null) continue; // no data: hold the state
			const bad =
				rule.kind === 'anomaly'
					? s.expected !== null &&
						s.expected !== undefined &&
						s.tolerance !== null &&
						s.tolerance !== undefined &&
						Math.abs(s.value - s.expected) > s.tolerance
					: breached(rule.comparator, s.value, rule.threshold);
			const good =
				rule.kind === 'anomaly'
					? !bad
					: recovered(rule.comparator, s.value, rule.threshold, rule.hysteresisPct);
			if (v.state === 'ok' || v.state === 'resolved') {
				if (bad) {
					if (rule.forSeconds === 0) {
						move('pending', false);
						v.firedAt = now;
						move('firing', true);
					} else move('pending', false);
				} else if (v.state === 'resolved') {
					move('ok', false);
				}
			} else if (v.state === 'pending') {
				if (!bad) move('ok', false);
				else if (now - v.since >= rule.forSeconds * 1000) {
					v.firedAt = now;
					move('firing', true);
				}
			} else if (v.state === 'firing') {
				if (good) {
					v.acknowledgedBy = null;
					move('resolved', true);
				} else if (
					!v.acknowledgedBy &&
					rule.repeatMinutes > 0 &&
					t.lastNotified !== null &&
					now - t.lastNotified >= rule.repeatMinutes * 60_000 &&
					!silence
				) {
					t.lastNotified = now;
					out.push({ alert: { ...v }, from: 'firing', to: 'firing', notify: true, repeat: true });
				}
			}
		}
		// a label set that no longer appears (the budget was deleted) cannot stay firing
		for (const [key, t] of this.#alerts) {
			if (t.view.ruleId !== rule.id || seen.has(key)) continue;
			if (t.view.state === 'firing') {
				const from = t.view.state;
				t.view.state = 'resolved';
				t.view.since = now;
				out.push({
					alert: { ...t.view, value: null },
					from,
					to: 'resolved',
					notify: true,
					repeat: false
				});
			}
			this.#alerts.delete(key);
		}
		return out;
	}

	acknowledge(key: string, by: string): AlertView | null {
		const t = this.#alerts.get(key);
		if (!t || t.view.state !== 'firing') return null;
		t.view.acknowledgedBy = by;
		return { ...t.view };
	}

	/** Alerts worth showing: pending and firing, most severe first. */
	active(): AlertView[] {
		const rank: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };
		return [...this.#alerts.values()]
			.map((t) => t.view)
			.filter((v) => v.state === 'pending' || v.state === 'firing')
			.sort((a, b) => rank[a.severity] - rank[b.severity] || a.since - b.since)
			.map((v) => ({ ...v }));
	}

	/**
	 * The alerts of rules that were deleted or disabled: a firing one resolves (everyone is
	 * told, at once), a pending one is dropped; either way it is forgotten.
	 */
	retire(liveRuleIds: Set<string>, now: number): Transition[] {
		const out: Transition[] = [];
		for (const [k, t] of this.#alerts) {
			if (liveRuleIds.has(t.view.ruleId)) continue;
			if (t.view.state === 'firing') {
				const from = t.view.state;
				t.view.state = 'resolved';
				t.view.since = now;
				t.view.acknowledgedBy = null;
				out.push({ alert: { ...t.view }, from, to: 'resolved', notify: true, repeat: false });
			}
			this.#alerts.delete(k);
		}
		return out;
	}
}
