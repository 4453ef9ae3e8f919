// PII detection and redaction. Runs on the server over every free-text value that came
// from outside (incident fields, entity and action names, sign-in names, log lines, data
// problems) before it can reach a page, a socket frame, an export or a log file.
//
// Bounded and linear: at most MAX_REDACT_CHARS of a value are scanned (the rest is cut and the
// output says how much), every pattern has bounded repetitions and no nested quantifiers, and
// e-mail addresses — the one shape a regex scans in quadratic time — are found from each "@"
// outwards by hand. The worst 64 KB input we know costs ~2 ms (npm run bench -- --only hardening).
//
// Detectors run in order, the most specific first; a span one claims is not looked at again
// (a JWT holds digit runs that could look like a phone number).

import type { PiiEntityType } from '../../../shared/protocol/entities.ts';

/** the kinds found (the list is shared: a page recognises a redacted id by its marker) */
export type EntityType = PiiEntityType;

/** Longer inputs are cut before scanning: nothing downstream shows more than this. */
export const MAX_REDACT_CHARS = 4096;

/** Luhn checksum: every real card number passes it; most random digit runs do not. */
export function luhn(digits: string): boolean {
	let sum = 0;
	let double = false;
	for (let i = digits.length - 1; i >= 0; i--) {
		let d = digits.charCodeAt(i) - 48;
		if (d < 0 || d > 9) return false;
		if (double) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
		double = !double;
	}
	return digits.length > 0 && sum % 10 === 0;
}

/** ISO 13616 mod-97 check (any case, spaces allowed). */
export function ibanValid(raw: string): boolean {
	const s = raw.replace(/\s+/g, '').toUpperCase();
	if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
	const moved = s.slice(4) + s.slice(0, 4);
	let rem = 0;
	for (const ch of moved) {
		const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
		for (const digit of v) rem = (rem * 10 + Number(digit)) % 97;
	}
	return rem === 1;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

interface Span {
	start: number;
	end: number;
	type: EntityType;
}

type Finder = (text: string) => Span[];

/** A detector from one regex (global, bounded) and an optional check on the match. */
function byRegex(type: EntityType, re: RegExp, valid?: (m: string) => boolean): Finder {
	return (text) => {
		const out: Span[] = [];
		for (const m of text.matchAll(re)) {
			const s = m[0];
			if (!s || (valid && !valid(s))) continue;
			out.push({ start: m.index, end: m.index + s.length, type });
		}
		return out;
	};
}

const LOCAL = /[A-Za-z0-9._%+-]/;
const DOMAIN = /[A-Za-z0-9.-]/;

/** E-mail addresses, from each "@" outwards: linear whatever the text. */
const emails: Finder = (text) => {
	const out: Span[] = [];
	let from = 0;
	for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
		let s = at;
		while (s > from && at - s < 64 && LOCAL.test(text[s - 1]!)) s--;
		let e = at + 1;
		while (e < text.length && e - at <= 255 && DOMAIN.test(text[e]!)) e++;
		while (e > at + 1 && (text[e - 1] === '.' || text[e - 1] === '-')) e--;
		const domain = text.slice(at + 1, e);
		if (s === at || !/^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(domain)) continue;
		out.push({ start: s, end: e, type: 'EMAIL_ADDRESS' });
		from = e;
	}
	return out;
};

/**
 * IBANs in any case, with or without spaces. A regex run can overreach into the next word
 * ("… 32 today"): the checksum is tried on the run cut back at each group boundary.
 */
const ibans: Finder = (text) => {
	const out: Span[] = [];
	for (const m of text.matchAll(/\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}\b/g)) {
		const run = m[0];
		const cuts = [run.length];
		for (let i = run.length - 1; i >= 15; i--) if (run[i] === ' ') cuts.push(i);
		const len = cuts.find((n) => ibanValid(run.slice(0, n)));
		if (len !== undefined) out.push({ start: m.index, end: m.index + len, type: 'IBAN' });
	}
	return out;
};

const FINDERS: Finder[] = [
	// PEM private keys, whole (or to the end of what was scanned, when the cut fell inside)
	byRegex(
		'PRIVATE_KEY',
		/-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[A-Za-z0-9+/=\s:,-]{0,12000}?(?:-----END [A-Z ]{0,40}PRIVATE KEY-----|$)/g
	),
	byRegex('JWT', /\beyJ[A-Za-z0-9_-]{5,4000}\.[A-Za-z0-9_-]{5,4000}\.[A-Za-z0-9_-]{5,4000}/g),
	byRegex(
		'API_KEY',
		/\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,200}|[sr]k_(?:live|test)_[A-Za-z0-9]{10,200}|AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,200}|github_pat_[A-Za-z0-9_]{30,200}|xox[abprs]-[A-Za-z0-9-]{10,200}|AIza[0-9A-Za-z_-]{35})\b/g
	),
	// a secret written as an assignment (aws_secret_access_key = …, password: …)
	byRegex(
		'API_KEY',
		/\b(?:aws_secret_access_key|secret_access_key|client_secret|secret|password|passwd|api[_-]?key|access[_-]?token|auth[_-]?token)["']?\s{0,5}[:=]\s{0,5}["']?[^\s"',;]{8,200}/gi
	),
	// an AWS secret access key on its own: 40 characters of base64 with both cases and a digit
	byRegex(
		'API_KEY',
		/(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
		(m) => /[a-z]/.test(m) && /[A-Z]/.test(m) && /\d/.test(m)
	),
	emails,
	ibans,
	byRegex('CREDIT_CARD', /\b\d(?:[ .-]?\d){12,18}\b/g, (m) => {
		const d = digitsOf(m);
		return d.length >= 13 && d.length <= 19 && luhn(d);
	}),
	// with dashes, spaces or nothing between the groups (one separator throughout)
	byRegex('US_SSN', /\b(?!000|666|9\d\d)\d{3}([- ]?)(?!00)\d{2}\1(?!0000)\d{4}\b/g),
	byRegex(
		'IP_ADDRESS',
		/(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?(?![\w:])/g
	),
	// loopback and "any" identify no person; keeping them makes the dashboard's own logs readable
	byRegex(
		'IP_ADDRESS',
		/\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b/g,
		(m) => !m.startsWith('127.') && m !== '0.0.0.0'
	),
	// E.164 written solid (+14155550101), and national numbers of 10 or 11 digits
	byRegex('PHONE_NUMBER', /(?<![\w+])\+\d{7,15}\b|\b1?[2-9]\d{9}\b/g),
	byRegex(
		'PHONE_NUMBER',
		// not inside a hyphenated identifier: the digit runs of a UUID (e0842ad5-3853-4371-…) are
		// no phone number, so a hyphen before or a hyphen-joined word after rules a match out
		/(?<![\w+-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,8}){1,4}(?!\w|-\w)/g,
		(m) => {
			const n = digitsOf(m).length;
			// dates (2024-01-01) and times are not phone numbers; real ones have 7-15 digits
			return n >= 7 && n <= 15 && !/^\d{4}-\d{2}-\d{2}$/.test(m.trim());
		}
	)
];

export interface Redacted {
	text: string;
	/** entity types found, in order of first appearance, without repeats */
	entities: EntityType[];
	/** characters cut unscanned (the output says so too) */
	cut: number;
}

export function redact(input: string): Redacted {
	const cut = Math.max(0, input.length - MAX_REDACT_CHARS);
	const text = cut ? input.slice(0, MAX_REDACT_CHARS) : input;
	// claimed[i]: character i belongs to a span already found
	const claimed = new Uint8Array(text.length);
	const spans: Span[] = [];
	for (const find of FINDERS) {
		for (const sp of find(text)) {
			let free = true;
			for (let i = sp.start; i < sp.end; i++) {
				if (claimed[i]) {
					free = false;
					break;
				}
			}
			if (!free) continue;
			claimed.fill(1, sp.start, sp.end);
			spans.push(sp);
		}
	}
	spans.sort((a, b) => a.start - b.start);
	let out = '';
	let pos = 0;
	const entities: EntityType[] = [];
	for (const sp of spans) {
		out += `${text.slice(pos, sp.start)}[${sp.type}]`;
		pos = sp.end;
	}
	out += text.slice(pos);
	for (const sp of [...spans].sort((a, b) => a.start - b.start))
		if (!entities.includes(sp.type)) entities.push(sp.type);
	if (cut) out += `…[${cut} more characters not scanned, not shown]`;
	return { text: out, entities, cut };
}

export const redactText = (s: string): string => redact(s).text;

/** Redacts every string inside a JSON-like value (log records), 8 levels deep at most. */
export function redactDeep<T>(value: T, depth = 0): T {
	if (typeof value === 'string') return redactText(value) as T;
	if (depth > 8 || value === null || typeof value !== 'object') return value;
	// an Error's message and stack are not enumerable: keep them, redacted
	if (value instanceof Error)
		return {
			type: value.name,
			message: redactText(value.message),
			...(value.stack ? { stack: redactText(value.stack) } : {})
		} as T;
	if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1)) as T;
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
	return out as T;
}
