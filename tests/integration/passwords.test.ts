// Password hashes at today's cost (scrypt N=2^17, r=8, p=1) and the upgrade of older ones: a
// hash made at the old cost (N=2^14) still signs in, and is replaced by one at today's cost
// at that sign-in; a hand-edited hash asking for an absurd cost is refused, not computed.
import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { USERS_KEY } from '../../src/lib/server/auth/keys.ts';
import { hashPassword, N } from '../../src/lib/server/auth/passwords.ts';
import { login, PASSWORD } from '../helpers/auth.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
	h = await startHarness(inject('redisUrl'));
	await h.writer.flushAll();
});
afterAll(async () => {
	await h?.writer.flushAll();
	await h?.close();
});

function oldHash(password: string, n: number): string {
	const salt = randomBytes(16);
	const key = scryptSync(password.normalize('NFKC'), salt, 64, { N: n, r: 8, p: 1 });
	return `scrypt$${n}$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const record = (hash: string) =>
	JSON.stringify({ role: 'admin', teams: null, hash, createdAt: 1, updatedAt: 1 });

describe('password hashes', () => {
	it('hashes new passwords at N=2^17, r=8, p=1', async () => {
		expect(N).toBe(2 ** 17);
		expect((await hashPassword(PASSWORD)).split('$').slice(0, 4)).toEqual([
			'scrypt',
			'131072',
			'8',
			'1'
		]);
	});

	it('rehashes an account made at the old cost at its next successful sign-in', async () => {
		await h.writer.hSet(USERS_KEY, 'olga', record(oldHash(PASSWORD, 2 ** 14)));
		await h.server.realtime.auth.load();
		await login(h, 'olga');
		const stored = JSON.parse((await h.writer.hGet(USERS_KEY, 'olga'))!) as {
			hash: string;
			role: string;
		};
		expect(stored.hash.split('$')[1]).toBe('131072');
		expect(stored.role).toBe('admin');
		// and the new hash signs in too
		await login(h, 'olga');
	});

	it('refuses a stored hash that asks for an absurd cost instead of computing it', async () => {
		await h.writer.hSet(USERS_KEY, 'evil', record('scrypt$1073741824$8$1$AAAA$AAAA'));
		const res = await fetch(`${h.baseUrl}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'evil', password: PASSWORD })
		});
		expect(res.status).toBe(401);
	});
});
