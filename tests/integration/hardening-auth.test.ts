// Hardening of sign-in and access (issue 19), against the real server and Redis: sign-in
// never turns itself off when Redis loses the account store; a foreign Host is refused
// (DNS rebinding) on HTTP and on the socket handshake; the lockout counts parallel guesses;
// a display token's bearer socket is cut on revocation; security headers on every answer;
// anonymous handshakes are no clients; a login `next` never leaves the origin.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { safeNext } from '../../src/lib/shared/auth.ts';
import type { Health } from '../../src/lib/shared/protocol/health.ts';
import { addAccount, call, login, PASSWORD, socketAs } from '../helpers/auth.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

const url = inject('redisUrl');

/** A raw request with a Host header of our choosing (fetch will not send a foreign one). */
function raw(
	base: string,
	method: string,
	pathname: string,
	headers: Record<string, string>,
	body?: string
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
	const u = new URL(base);
	return new Promise((resolve, reject) => {
		const req = http.request(
			{ host: u.hostname, port: u.port, method, path: pathname, headers },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (c: string) => (text += c));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text })
				);
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

const health = async (h: Harness) =>
	(await (await fetch(`${h.baseUrl}/api/health`)).json()) as Health;

describe('a lost account store', () => {
	let dataDir: string;
	beforeAll(() => {
		dataDir = mkdtempSync(path.join(tmpdir(), 'helix-lost-'));
	});
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('keeps sign-in required after FLUSHALL, says why, alerts, and stays closed across a restart', async () => {
		let h = await startHarness(url, { DATA_DIR: dataDir, REFRESH_INTERVAL: '0.5' });
		try {
			await h.writer.flushAll();
			await addAccount(h, 'ada', 'admin');
			expect(existsSync(path.join(dataDir, 'accounts-seen'))).toBe(true);
			expect((await call(h, null, 'GET', '/api/audit')).status).toBe(401);

			await h.writer.flushAll(); // a Redis restarted without persistence, or evicted keys
			const degraded = await waitFor(
				async () => ((await health(h)).auth.accountsLost ? await health(h) : null),
				10_000,
				'health to say the accounts are lost'
			);
			expect(degraded.status).toBe('degraded');
			expect(degraded.problems.join(' ')).toMatch(/account store is empty.*npm run user -- add/);
			// still closed: nobody anonymous reads the audit or makes themselves an admin
			expect((await call(h, null, 'GET', '/api/audit')).status).toBe(401);
			const create = await call(h, null, 'POST', '/api/accounts', {
				name: 'mallory',
				role: 'admin',
				password: 'a long enough password'
			});
			expect(create.status).toBe(401);
			expect(await h.writer.hLen('helix-dashboard:auth:users')).toBe(0);
			expect((await socketAs(h, null).catch((e: Error) => e)) instanceof Error).toBe(true);
			// an error in the log, and the default rule's critical alert
			const errors = h.server.realtime.logging.tail
				.summary(500)
				.tail.filter((l) => l.level === 'error');
			expect(errors.map((l) => l.msg).join('\n')).toMatch(/account store is empty/);
			await waitFor(
				() => h.server.realtime.alerts!.active().some((a) => a.metric === 'accounts_lost'),
				15_000,
				'the accounts-lost alert'
			);
		} finally {
			await h.close();
		}

		// a restart against the empty Redis: the marker in DATA_DIR keeps it closed
		h = await startHarness(url, { DATA_DIR: dataDir });
		try {
			expect((await health(h)).auth).toEqual({ required: true, accountsLost: true });
			expect((await call(h, null, 'GET', '/api/audit')).status).toBe(401);
			// restoring an admin (what `npm run user -- add` does) ends it
			await addAccount(h, 'ada', 'admin');
			expect((await health(h)).auth.accountsLost).toBe(false);
			const ada = await login(h, 'ada');
			expect((await call(h, ada, 'GET', '/api/audit')).status).toBe(200);
		} finally {
			await h.writer.flushAll();
			await h.close();
		}
	});

	it('runs open on loopback with no accounts ever seen, and always closed with AUTH_REQUIRED=true', async () => {
		const fresh = await startHarness(url);
		try {
			await fresh.writer.flushAll();
			await fresh.server.realtime.auth.load();
			expect((await call(fresh, null, 'GET', '/api/audit')).status).toBe(200);
		} finally {
			await fresh.close();
		}
		const strict = await startHarness(url, { AUTH_REQUIRED: 'true' });
		try {
			expect((await call(strict, null, 'GET', '/api/audit')).status).toBe(401);
			expect((await health(strict)).auth.accountsLost).toBe(true);
		} finally {
			await strict.close();
		}
	});
});

describe('open mode on loopback (first run, demo)', () => {
	let h: Harness;
	beforeAll(async () => {
		h = await startHarness(url);
		await h.writer.flushAll();
		await h.server.realtime.auth.load();
	});
	afterAll(async () => h?.close());

	it('refuses a rebound Host name before anything else, on HTTP and on the socket handshake', async () => {
		const port = new URL(h.baseUrl).port;
		const evil = `rebind.attacker.example:${port}`;
		const made = await raw(
			h.baseUrl,
			'POST',
			'/api/accounts',
			{ host: evil, origin: `http://${evil}`, 'content-type': 'application/json' },
			JSON.stringify({ name: 'mallory', role: 'admin', password: 'a long enough password' })
		);
		expect(made.status).toBe(421);
		expect(made.body).not.toMatch(/at .*\.ts:\d+/); // no stack
		expect(await h.writer.hLen('helix-dashboard:auth:users')).toBe(0);
		for (const p of ['/', '/api/health', '/_app/version.json'])
			expect((await raw(h.baseUrl, 'GET', p, { host: evil })).status).toBe(421);
		const hs = await raw(h.baseUrl, 'GET', '/socket.io/?EIO=4&transport=polling', {
			host: evil,
			origin: `http://${evil}`
		});
		expect(hs.status).not.toBe(200);
		// loopback names still work
		for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`])
			expect((await raw(h.baseUrl, 'GET', '/api/health', { host })).status).toBe(200);
	});

	it('sends the security headers on pages, assets, the API and the socket transport', async () => {
		const headers = async (p: string) => (await raw(h.baseUrl, 'GET', p, {})).headers;
		for (const p of [
			'/',
			'/api/health',
			'/_app/version.json',
			'/socket.io/?EIO=4&transport=polling'
		]) {
			const hd = await headers(p);
			expect(hd['x-content-type-options'], p).toBe('nosniff');
			expect(hd['x-frame-options'] ?? hd['content-security-policy'], p).toBeTruthy();
			expect(hd['referrer-policy'], p).toBeTruthy();
		}
	});
});

describe('with accounts', () => {
	let h: Harness;
	beforeAll(async () => {
		h = await startHarness(url, { LOGIN_MAX_ATTEMPTS: '5' });
		await h.writer.flushAll();
		await addAccount(h, 'ada', 'admin');
	});
	afterAll(async () => {
		await h?.writer.flushAll();
		await h?.close();
	});

	it('checks at most LOGIN_MAX_ATTEMPTS passwords however many arrive at once', async () => {
		await addAccount(h, 'par', 'viewer');
		const attempt = (password: string) =>
			call(h, null, 'POST', '/api/auth/login', { username: 'par', password });
		const wrong = await Promise.all(Array.from({ length: 60 }, () => attempt('wrong password!')));
		const statuses = wrong.map((r) => r.status);
		expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
		expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(55);

		// the right password among parallel guesses: still at most 5 checks in all
		await addAccount(h, 'par2', 'viewer');
		const mixed = await Promise.all(
			Array.from({ length: 19 }, (_, i) =>
				call(h, null, 'POST', '/api/auth/login', {
					username: 'par2',
					password: i === 15 ? PASSWORD : 'wrong password!'
				})
			)
		);
		const checked = mixed.filter((r) => r.status === 401 || r.status === 200).length;
		expect(checked).toBeLessThanOrEqual(5);
		const locked = mixed.find((r) => r.status === 429)!;
		expect((await locked.json()).error).toMatch(/locked for \d+ min/);
	});

	it('cuts a display token used as a socket bearer when the token is revoked', async () => {
		const ada = await login(h, 'ada');
		const t = await call(h, ada, 'POST', '/api/tokens', { name: 'bearer wall' });
		const { id, token } = (await t.json()) as { id: string; token: string };
		const s = await socketAs(h, { name: 'wall', cookie: null, csrf: null, bearer: token });
		const joined = await s.timeout(5_000).emitWithAck('join', 'overview');
		expect(joined.ok).toBe(true);
		let reason = '';
		s.on('disconnect', (r) => (reason = r));
		expect((await call(h, ada, 'DELETE', `/api/tokens/${id}`)).status).toBe(200);
		await waitFor(() => reason, 5_000, 'bearer socket cut');
		expect(reason).toBe('io server disconnect');
		// and it cannot come back
		expect(
			(await socketAs(h, { name: 'wall', cookie: null, csrf: null, bearer: token }).catch(
				(e: Error) => e
			)) instanceof Error
		).toBe(true);
	});

	it('does not count anonymous handshakes as clients', async () => {
		const before = (await health(h)).clients;
		// Engine.IO handshakes that never sign in: polling opens, nothing follows for ~45 s
		const opened = await Promise.all(
			Array.from({ length: 50 }, async () => {
				const r = await fetch(`${h.baseUrl}/socket.io/?EIO=4&transport=polling`);
				await r.text();
				return r.status;
			})
		);
		expect(opened.filter((s) => s === 200).length).toBeGreaterThan(0);
		expect((await health(h)).clients).toBe(before);
	});
});

describe("the login page's next", () => {
	it('accepts same-origin paths only, parsed as a URL', () => {
		const base = 'http://dash.example:8501';
		// what the page reads from its address: /login?next=…, decoded once by URLSearchParams
		const next = (query: string) => safeNext(new URLSearchParams(query).get('next'), base);
		for (const bad of [
			'next=/%09/evil.example/c',
			'next=/%0a/evil.example',
			'next=/%0d/evil.example',
			'next=//evil.example',
			'next=/%5Cevil.example',
			'next=https://evil.example/',
			'next=javascript:alert(1)',
			'next=/%00x'
		])
			expect(next(bad), bad).toBe('/');
		expect(next('next=%2Fcost%3Frange%3D7d%23top')).toBe('/cost?range=7d#top');
		expect(next('')).toBe('/');
	});
});
