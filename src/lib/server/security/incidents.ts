// PII incidents as the dashboard keeps them: parsed, REDACTED at once (the raw text is
// never stored), classified, and ordered by their own timestamp — writers push at either
// end of the list, so list position means nothing.
import { createHash } from 'node:crypto';
import { parseIncident } from '../../shared/contract/parse.ts';
import type { IncidentView } from '../../shared/protocol/state/security.ts';
import { redact, type EntityType } from './pii/redact.ts';

/** Actions that mean the PII did not reach the model provider. */
export const HANDLED_ACTIONS = new Set([
	'redacted',
	'blocked',
	'masked',
	'anonymized',
	'anonymised',
	'rejected'
]);

export interface IncidentSet {
	/** newest first; incidents without a usable timestamp last */
	incidents: IncidentView[];
	/** records in the list that could not be used */
	malformed: number;
	lastError: string | null;
}

const MAX_PREVIEW = 300;
/** free-text fields kept per incident: one record with 200 fields must not make every delta megabytes */
export const MAX_FIELDS = 20;
/** characters kept over all of an incident's fields (the feed holds 100: at most ~400 KB in all) */
export const MAX_INCIDENT_CHARS = 4_000;
/** entity type and action names are labels: short, and redacted like the rest ("ssn 219-09-9999") */
const MAX_LABEL = 60;
const label = (s: string) => redact(s.slice(0, MAX_LABEL)).text;

/** When a text holds several kinds of PII, the incident is filed under the most severe. */
const CLASSIFY_PRIORITY: EntityType[] = [
	'CREDIT_CARD',
	'US_SSN',
	'IBAN',
	'API_KEY',
	'JWT',
	'EMAIL_ADDRESS',
	'PHONE_NUMBER',
	'IP_ADDRESS'
];

/** One raw record -> a redacted view, or the reason it is unusable. */
export function toView(raw: string): IncidentView | { error: string } {
	const parsed = parseIncident(raw);
	if (!parsed.ok) return { error: parsed.error };
	const inc = parsed.value;
	const found = new Set<string>();
	const texts: Record<string, string> = {};
	const entries = Object.entries(inc.texts);
	let kept = 0;
	let chars = 0;
	for (const [field, text] of entries.slice(0, MAX_FIELDS)) {
		if (chars >= MAX_INCIDENT_CHARS) break;
		const r = redact(text);
		r.entities.forEach((e) => found.add(e));
		const shown = r.text.length > MAX_PREVIEW ? `${r.text.slice(0, MAX_PREVIEW)}…` : r.text;
		// a field name came from outside too
		texts[label(field)] = shown;
		chars += shown.length;
		kept++;
	}
	// a user id can itself be an e-mail address or a phone number
	const user = redact(inc.userId.slice(0, 200)).text;
	// several kinds in one text: name the most severe one
	const classified = CLASSIFY_PRIORITY.find((t) => found.has(t)) ?? null;
	if (entries.length > kept) texts['…'] = `${entries.length - kept} more field(s) not shown`;
	const action = inc.action === null ? null : label(inc.action);
	return {
		id: createHash('sha1').update(raw).digest('hex').slice(0, 16),
		userId: user,
		ts: inc.ts,
		entityType: inc.entityType !== null ? label(inc.entityType) : (classified ?? 'UNKNOWN'),
		entitySource: inc.entityType ? 'recorded' : classified ? 'classified' : 'unknown',
		action,
		handled: inc.action === null ? null : HANDLED_ACTIONS.has(inc.action.toLowerCase()),
		preview: texts.content_preview ?? texts.original ?? Object.values(texts)[0] ?? '',
		fields: texts
	};
}

/**
 * Keeps the redacted view of every raw record it has seen in the current list, so a list
 * that changes by one push costs one parse, not a thousand.
 */
export class IncidentBook {
	#cache = new Map<string, IncidentView | { error: string }>();

	update(raws: string[]): IncidentSet {
		const next = new Map<string, IncidentView | { error: string }>();
		const incidents: IncidentView[] = [];
		let malformed = 0;
		let lastError: string | null = null;
		const seen = new Map<string, number>();
		for (const raw of raws) {
			const v = next.get(raw) ?? this.#cache.get(raw) ?? toView(raw);
			next.set(raw, v);
			if ('error' in v) {
				malformed++;
				lastError = v.error;
				continue;
			}
			// the same record pushed twice is two incidents, with distinct ids
			const n = seen.get(v.id) ?? 0;
			seen.set(v.id, n + 1);
			incidents.push(n === 0 ? v : { ...v, id: `${v.id}-${n}` });
		}
		this.#cache = next;
		incidents.sort((a, b) =>
			a.ts === null ? (b.ts === null ? 0 : 1) : b.ts === null ? -1 : b.ts - a.ts
		);
		return { incidents, malformed, lastError };
	}
}
