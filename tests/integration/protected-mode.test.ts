// Protected mode with the real server process: no accounts and a non-loopback address is a
// refusal to start (with the way out in the message), unless PROTECTED_MODE=false; with an
// account it starts and requires sign-in.
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Accounts } from '../../src/lib/server/auth/accounts.ts';
import { startServerProcess } from '../../scripts/lib/server-process.ts';

// a database of its own, so the other files' FLUSHALLs and this file's accounts never meet
const url = `${inject('redisUrl')}/7`;
const writer = createClient({ url });

beforeAll(async () => {
	await writer.connect();
	await writer.flushDb();
});
afterAll(async () => {
	await writer.flushDb();
	await writer.close();
});

describe('protected mode', () => {
	it('refuses to listen beyond loopback with no accounts, and says what to do', async () => {
		const err = await startServerProcess({
			REDIS_URL: url,
			HOST: '0.0.0.0',
			LOG_FILE: 'false'
		}).then(
			async (s) => {
				await s.stop();
				return null;
			},
			(e: Error) => e
		);
		expect(err?.message).toMatch(/server exited with 1/);
		expect(err?.message).toMatch(/refusing to listen on 0\.0\.0\.0 with no accounts configured/);
		expect(err?.message).toMatch(/npm run user -- add <name> --role admin/);
		expect(err?.message).toMatch(/PROTECTED_MODE=false/);
	});

	it('starts open with PROTECTED_MODE=false, loudly', async () => {
		const s = await startServerProcess({
			REDIS_URL: url,
			HOST: '0.0.0.0',
			PROTECTED_MODE: 'false',
			LOG_FILE: 'false'
		});
		try {
			expect(s.logs.join('\n')).toMatch(/WITHOUT authentication/);
			expect((await fetch(`${s.url}/api/snapshot`)).status).toBe(200);
		} finally {
			await s.stop();
		}
	});

	it('starts with an account and requires sign-in; on loopback with none it runs open and says so', async () => {
		const open = await startServerProcess({ REDIS_URL: url, LOG_FILE: 'false' });
		try {
			expect(open.logs.join('\n')).toMatch(
				/authentication is off and the dashboard listens on loopback/
			);
			expect((await fetch(`${open.url}/api/snapshot`)).status).toBe(200);
		} finally {
			await open.stop();
		}
		const r = await new Accounts(() => writer, Date.now).createUser({
			name: 'root',
			role: 'admin',
			password: 'a long enough password'
		});
		expect(r.ok).toBe(true);
		const s = await startServerProcess({ REDIS_URL: url, HOST: '0.0.0.0', LOG_FILE: 'false' });
		try {
			expect(s.logs.join('\n')).toMatch(/authentication on: 1 account/);
			expect((await fetch(`${s.url}/api/snapshot`)).status).toBe(401);
			const page = await fetch(`${s.url}/cost`, { redirect: 'manual' });
			expect(page.status).toBe(303);
			expect(page.headers.get('location')).toBe('/login?next=%2Fcost');
		} finally {
			await s.stop();
		}
	});
});
