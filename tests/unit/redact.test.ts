import { describe, expect, it } from 'vitest';
import { ibanValid, luhn, redact, redactDeep } from '../../src/lib/server/security/pii/redact.ts';

describe('PII redaction', () => {
	it.each([
		['mail jane.doe+x@example.co.uk now', 'mail [EMAIL_ADDRESS] now', 'EMAIL_ADDRESS'],
		['card 4111 1111 1111 1111, exp', 'card [CREDIT_CARD], exp', 'CREDIT_CARD'],
		['amex 3782-822463-10005', 'amex [CREDIT_CARD]', 'CREDIT_CARD'],
		['ssn 078-05-1120.', 'ssn [US_SSN].', 'US_SSN'],
		['pay GB82 WEST 1234 5698 7654 32 today', 'pay [IBAN] today', 'IBAN'],
		['from 192.168.10.254 ok', 'from [IP_ADDRESS] ok', 'IP_ADDRESS'],
		[
			'v6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 and fe80::1ff:fe23:4567:890a',
			'v6 [IP_ADDRESS] and [IP_ADDRESS]',
			'IP_ADDRESS'
		],
		[
			'call +1 415-555-0134 or (212) 555-0199',
			'call [PHONE_NUMBER] or [PHONE_NUMBER]',
			'PHONE_NUMBER'
		],
		['key sk-proj-abcdefghijklmnop1234 used', 'key [API_KEY] used', 'API_KEY'],
		['aws AKIAIOSFODNN7EXAMPLE', 'aws [API_KEY]', 'API_KEY'],
		[
			'tok eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end',
			'tok [JWT] end',
			'JWT'
		]
	])('redacts %s', (input, output, type) => {
		const r = redact(input);
		expect(r.text).toBe(output);
		expect(r.entities).toContain(type);
	});

	it('leaves ordinary text, dates, times and failing checksums alone', () => {
		for (const s of [
			'on 2024-01-01 at 12:30:45',
			'order 1234 5678 9012 3456 (not Luhn)',
			'version 1.2.3',
			'took 1532 ms',
			'user u0042',
			// ids name things in the audit log: a UUID's digit runs are no phone number
			'rule e0842ad5-3853-4371-84bc-ce44e6bd3d1c',
			'budget 4f1c2b3a-1234-5678-9abc-def012345678'
		]) {
			expect(redact(s).text).toBe(s);
		}
	});

	it('does not call a string with a bad IBAN checksum an IBAN (its digits may still be redacted)', () => {
		expect(redact('GB00 WEST 1234 5698 7654 32').entities).not.toContain('IBAN');
	});

	it('checks Luhn and IBAN checksums', () => {
		expect(luhn('4111111111111111')).toBe(true);
		expect(luhn('4111111111111112')).toBe(false);
		expect(ibanValid('DE89 3704 0044 0532 0130 00')).toBe(true);
		expect(ibanValid('DE89 3704 0044 0532 0130 01')).toBe(false);
	});

	it('cuts huge strings before scanning and redacts nested values', () => {
		const big = 'a@b.co '.repeat(400_000);
		const r = redact(big);
		// cut at MAX_REDACT_CHARS input chars, and the output says so
		expect(r.text).toMatch(/…\[\d+ more characters not scanned, not shown\]$/);
		expect(r.text.length).toBeLessThan(30_000);
		expect(r.text).not.toMatch(/a@b\.co/);
		expect(
			redactDeep({ msg: 'x 078-05-1120', err: { detail: ['jane@example.com'] }, n: 4 })
		).toEqual({
			msg: 'x [US_SSN]',
			err: { detail: ['[EMAIL_ADDRESS]'] },
			n: 4
		});
	});
});

describe('addresses that identify no one', () => {
	it('keeps loopback and unspecified addresses readable', () => {
		expect(redact('listening on http://127.0.0.1:8501 and 0.0.0.0').text).toBe(
			'listening on http://127.0.0.1:8501 and 0.0.0.0'
		);
		expect(redact('client 203.0.113.9').text).toBe('client [IP_ADDRESS]');
	});
});
