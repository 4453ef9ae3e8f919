// Redaction coverage and cost: a corpus of PII formats per entity type (separators, cases,
// solid and spaced), each found inside ordinary text; and a fuzz of hostile 64 KB inputs
// (the shapes that make backtracking regexes quadratic), each of which must stay cheap.
// The exact times are in the bench (npm run bench -- --only redact); the bound here is
// loose on purpose: it catches a quadratic pattern (seconds), not a slow machine.
import { describe, expect, it } from 'vitest';
import {
	MAX_REDACT_CHARS,
	redact,
	type EntityType
} from '../../src/lib/server/security/pii/redact.ts';

const CORPUS: Record<EntityType, string[]> = {
	EMAIL_ADDRESS: [
		'jane@example.com',
		'Jane.Doe+tag@Mail.Example.CO.UK',
		'a_b-c@sub-domain.example.io'
	],
	PHONE_NUMBER: [
		'+14155550101',
		'+1 415 555 0101',
		'+44 20 7946 0958',
		'(212) 555-0199',
		'415.555.0101',
		'4155550101',
		'14155550101',
		'+49-30-1234567'
	],
	US_SSN: ['078-05-1120', '078 05 1120', '078051120', '219-09-9999'],
	CREDIT_CARD: [
		'4111111111111111',
		'4111 1111 1111 1111',
		'4111-1111-1111-1111',
		'4111.1111.1111.1111',
		'3782 822463 10005',
		'5500 0000 0000 0004'
	],
	IBAN: [
		'DE89 3704 0044 0532 0130 00',
		'DE89370400440532013000',
		'de89 3704 0044 0532 0130 00',
		'gb82west12345698765432',
		'GB82 WEST 1234 5698 7654 32'
	],
	API_KEY: [
		'sk-proj-abcdefghijklmnop1234',
		'sk_live_51Habcdefghijklmnopqrstu',
		'rk_test_abcdefghijklmnop',
		'AKIAIOSFODNN7EXAMPLE',
		'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
		'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
		'password: hunter2hunter2',
		'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
		'xoxb-1234567890-abcdefghij'
	],
	JWT: [
		'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'
	],
	PRIVATE_KEY: [
		'-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----',
		'-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA2a2rwplBQLF29amygykE\n-----END RSA PRIVATE KEY-----',
		'-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----'
	],
	IP_ADDRESS: ['203.0.113.9', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', 'fe80::1ff:fe23:4567:890a']
};

describe('redaction corpus', () => {
	for (const [type, values] of Object.entries(CORPUS)) {
		it.each(values)(`redacts ${type}: %s, wherever it stands in a sentence`, (v) => {
			for (const text of [v, `before ${v} after`, `(${v}).`, `x\t${v}\ny`]) {
				const r = redact(text);
				expect(r.text, text).not.toContain(v);
				expect(r.text).toMatch(/\[[A-Z_]+\]/);
			}
		});
	}

	it('leaves what is not PII alone', () => {
		for (const s of [
			'on 2024-01-01 at 12:30:45',
			'version 1.2.3',
			'took 1532 ms',
			'user u0042',
			'port 8501',
			'at 1796033100123 ms'
		]) {
			expect(redact(s).text).toBe(s);
		}
	});
});

const HOSTILE: Record<string, string> = {
	letters: 'a'.repeat(65_536),
	'dotted local parts': 'a.'.repeat(32_768),
	'at signs': 'a@'.repeat(32_768),
	'domains with no tld': `x@${'a.'.repeat(200)}`.repeat(150),
	digits: '1'.repeat(65_536),
	'spaced digits': '1 '.repeat(32_768),
	'dashed digits': '1-'.repeat(32_768),
	'jwt start': `eyJ${'a'.repeat(65_000)}`,
	'pem start': `-----BEGIN RSA PRIVATE KEY-----${'A'.repeat(65_000)}`,
	base64: 'aA1/'.repeat(16_384),
	colons: '1:'.repeat(32_768),
	pluses: '+1'.repeat(32_768),
	'real pii, repeated':
		'mail me at someone@example.com or +1 415 555 0101, card 4111 1111 1111 1111 '.repeat(820)
};

// the time these cost is measured by the bench (npm run bench -- --only hardening): here, that
// what is scanned is bounded whatever the input, and the output says what was cut
describe('redaction input bound', () => {
	it.each(Object.entries(HOSTILE))(
		'scans at most MAX_REDACT_CHARS of 64 KB of %s and says what it cut',
		(_, input) => {
			const r = redact(input);
			expect(r.cut).toBe(input.length - MAX_REDACT_CHARS);
			expect(r.text).toMatch(/not scanned, not shown\]$/);
		}
	);
});
