// What a user's page gets from the server, and which ids may be linked at all (the links
// themselves are built in one place in the browser, client/links.ts).
import type { IncidentView } from './state/security.ts';
import type { UserRow } from './state/users.ts';

export type EntityKind = 'model' | 'user' | 'team';

/** The kinds of PII the server's redaction replaces with `[KIND]` (security/pii/redact.ts). */
export const PII_ENTITY_TYPES = [
	'PRIVATE_KEY',
	'API_KEY',
	'JWT',
	'EMAIL_ADDRESS',
	'IBAN',
	'CREDIT_CARD',
	'US_SSN',
	'IP_ADDRESS',
	'PHONE_NUMBER'
] as const;
export type PiiEntityType = (typeof PII_ENTITY_TYPES)[number];

/** A redacted id (it held an e-mail address, a phone number…) names nobody: it gets no link. */
const REDACTED = new RegExp(`\\[(?:${PII_ENTITY_TYPES.join('|')})\\]`);

/** ids a page may link to: not empty, not redacted, not longer than a route takes */
export const linkable = (id: string | null | undefined): id is string =>
	!!id && id.length <= 200 && !REDACTED.test(id);

export interface UserDay {
	/** YYYY-MM-DD in the dashboard's zone */
	date: string;
	spendUsd: number;
	/** null: no helix:requests:user:<id> key */
	requests: number | null;
}

export interface UserProfile {
	user: string;
	known: boolean;
	team: string | null;
	groups: string[];
	/** the user's figures over 7, 30 and 90 days */
	ranges: { days: 7 | 30 | 90; row: UserRow }[];
	firstSeen: string | null;
	lastSeen: string | null;
	/** the last 90 days, oldest first */
	days: UserDay[];
	/** newest first, redacted like the Security feed; the count is whole */
	incidents: IncidentView[];
	incidentCount: number;
}

/** A user's requests over the page's range, read from helix:events (bounded: see `complete`). */
export interface UserRequestStats {
	requests: number;
	exactRate: number | null;
	semanticRate: number | null;
	spendUsd: number;
	savedUsd: number;
	latencyMs: { p50: number | null; p95: number | null; p99: number | null };
	ttftP95Ms: number | null;
	/** tokens in + out of the requests that record them; null when none does */
	tokens: number | null;
	/** among the requests that said their status; null when none did */
	errorRate: number | null;
	/** the whole range was read; else it stopped at `oldest` (a stream id) */
	complete: boolean;
	oldest: string | null;
}
