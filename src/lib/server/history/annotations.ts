// Markers for the time charts: what an operator caused (cache flushes, rule, budget, group
// and setting changes — from the audit stream), what fired (alert history), and what the
// dashboard suffered (its restarts, Redis outages, lost notifications — noted here by the
// node that saw them). Read by time range, at most MAX_ANNOTATIONS, newest kept.
import type { Annotation } from '../../shared/protocol/history.ts';
import type { AuditLog } from '../auth/audit.ts';
import { entryOf, HISTORY_KEY } from '../alerts/history.ts';
import type { RedisClient } from '../redis/client.ts';
import { redactText } from '../security/pii/redact.ts';
import { ANNOTATIONS_KEY, ANNOTATIONS_MAX } from './keys.ts';

export const MAX_ANNOTATIONS = 500;

/** audit actions that change what the charts show, and the words for them */
const CHANGES: Record<string, string> = {
	'cache.flush': 'cache flushed',
	'rule.create': 'alert rule created',
	'rule.update': 'alert rule changed',
	'rule.delete': 'alert rule deleted',
	'budget.create': 'budget created',
	'budget.update': 'budget changed',
	'budget.delete': 'budget deleted',
	'group.create': 'group created',
	'group.update': 'group changed',
	'group.delete': 'group deleted',
	'security.settings.update': 'security settings changed',
	'noc.update': 'NOC wall changed',
	'silence.create': 'alerts silenced',
	'silence.delete': 'silence removed'
};

const KINDS: Annotation['kind'][] = [
	'flush',
	'alert',
	'change',
	'restart',
	'outage',
	'notifications'
];

export class Annotations {
	constructor(
		private readonly client: () => RedisClient,
		private readonly isConnected: () => boolean
	) {}

	/** What this node saw; lost quietly while Redis is away (the outage itself is noted after). */
	async note(a: Annotation): Promise<void> {
		if (!this.isConnected()) return;
		await this.client()
			.xAdd(
				ANNOTATIONS_KEY,
				'*',
				{
					at: String(a.at),
					kind: a.kind,
					text: redactText(a.text).slice(0, 300),
					...(a.until !== undefined ? { until: String(a.until) } : {})
				},
				{ TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: ANNOTATIONS_MAX } }
			)
			.catch(() => {});
	}

	async list(from: number, to: number, audit: AuditLog): Promise<Annotation[]> {
		const c = this.client();
		const range = [String(Math.max(0, from - 24 * 3_600_000)), String(to)] as const; // outages reach back
		const [own, changes, alerts] = await Promise.all([
			c.xRange(ANNOTATIONS_KEY, range[0], range[1], { COUNT: MAX_ANNOTATIONS }),
			audit.query({ from, to, result: 'ok', limit: MAX_ANNOTATIONS }, 5_000),
			c.xRange(HISTORY_KEY, String(from), String(to), { COUNT: MAX_ANNOTATIONS })
		]);
		const out: Annotation[] = [];
		for (const { message } of own) {
			const m = message as Record<string, string>;
			const at = Number(m.at);
			const until = m.until ? Number(m.until) : undefined;
			const kind = KINDS.find((k) => k === m.kind);
			if (!kind || !Number.isFinite(at) || (until ?? at) < from || at > to) continue;
			out.push({ at, kind, text: m.text ?? '', ...(until !== undefined ? { until } : {}) });
		}
		for (const e of changes) {
			const words = CHANGES[e.action];
			if (!words) continue;
			out.push({
				at: e.at,
				kind: e.action === 'cache.flush' ? 'flush' : 'change',
				text: `${words}${e.target ? ` (${e.target})` : ''} by ${e.actor}`
			});
		}
		for (const { message } of alerts) {
			const h = entryOf(message as Record<string, string>);
			if (h.to !== 'firing' && h.to !== 'resolved') continue;
			if (h.repeat) continue;
			out.push({ at: h.at, kind: 'alert', text: `${h.rule} ${h.to} (${h.severity})` });
		}
		return dedupe(out.sort((a, b) => a.at - b.at)).slice(-MAX_ANNOTATIONS);
	}
}

/** the same outage or restart seen by several nodes within a few seconds is one marker */
function dedupe(list: Annotation[]): Annotation[] {
	const out: Annotation[] = [];
	for (const a of list) {
		const dup = out.find(
			(b) => b.kind === a.kind && b.text === a.text && Math.abs(b.at - a.at) < 5_000
		);
		if (!dup) out.push(a);
	}
	return out;
}
