// PII detection and redaction. Runs on the server over every free-text value that came
// from outside (incident previews, log lines) before it can reach a page, a socket frame,
// an export or a log file. Detectors are ordered so that the most specific pattern claims a
// span first (a JWT contains digits that could look like a phone number).

export type EntityType =
	| 'API_KEY'
	| 'JWT'
	| 'EMAIL_ADDRESS'
	| 'IBAN'
	| 'CREDIT_CARD'
	| 'US_SSN'
	| 'IP_ADDRESS'
	| 'PHONE_NUMBER';

interface Detector {
	type: EntityType;
	re: RegExp;
	/** a second check on the match (checksums) */
	valid?: (match: string) => boolean;
}

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

/** ISO 13616 mod-97 check. */
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

const DETECTORS: Detector[] = [
	{ type: 'JWT', re: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g },
	{
		type: 'API_KEY',
		re: /\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35})\b/g
	},
	{
		type: 'EMAIL_ADDRESS',
		re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g
	},
	{ type: 'IBAN', re: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g, valid: ibanValid },
	{
		type: 'CREDIT_CARD',
		re: /\b\d(?:[ -]?\d){12,18}\b/g,
		valid: (m) => {
			const d = digitsOf(m);
			return d.length >= 13 && d.length <= 19 && luhn(d);
		}
	},
	{ type: 'US_SSN', re: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
	{
		type: 'IP_ADDRESS',
		re: /(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?(?![\w:])/g
	},
	{
		type: 'IP_ADDRESS',
		re: /\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b/g,
		// loopback and "any" identify no person; keeping them makes the dashboard's own logs readable
		valid: (m) => !m.startsWith('127.') && m !== '0.0.0.0'
	},
	{
		type: 'PHONE_NUMBER',
		re: /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}(?![\w])/g,
		valid: (m) => {
			const n = digitsOf(m).length;
			// dates (2024-01-01) and times are not phone numbers; real ones have 7-15 digits
			return n >= 7 && n <= 15 && !/^\d{4}-\d{2}-\d{2}$/.test(m.trim());
		}
	}
];

export interface Redacted {
	text: string;
	/** entity types found, in order of first appearance, without repeats */
	entities: EntityType[];
}

/** Longer inputs are cut before scanning: nothing downstream shows more than this. */
export const MAX_REDACT_CHARS = 10_000;

export function redact(input: string): Redacted {
	let text = input.length > MAX_REDACT_CHARS ? `${input.slice(0, MAX_REDACT_CHARS)}…` : input;
	const entities: EntityType[] = [];
	for (const d of DETECTORS) {
		text = text.replace(d.re, (m) => {
			if (d.valid && !d.valid(m)) return m;
			if (!entities.includes(d.type)) entities.push(d.type);
			return `[${d.type}]`;
		});
	}
	return { text, entities };
}

export const redactText = (s: string): string => redact(s).text;

/** Redacts every string inside a JSON-like value (log records). */
export function redactDeep<T>(value: T, depth = 0): T {
	if (typeof value === 'string') return redactText(value) as T;
	if (depth > 8 || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1)) as T;
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
	return out as T;
}
