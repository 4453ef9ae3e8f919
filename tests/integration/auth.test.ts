// Authentication and authorization against the real server and Redis: every route and
// socket event for every kind of caller, CSRF, lockout, live revocation, display tokens,
// team-limited accounts, the audit log, and a fuzz pass with no 500s.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROUTE_POLICY } from '../../src/lib/server/auth/policy.ts';
import { allows, type Principal } from '../../src/lib/shared/auth.ts';
import { recordRequest } from '../../src/lib/recorder/recorder.ts';
import type { Reply } from '../../src/lib/shared/protocol/reply.ts';
import type { Snapshot } from '../../src/lib/shared/protocol/rooms.ts';
import { addAccount, call, login, PASSWORD, socketAs, type Caller } from '../helpers/auth.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

let h: Harness;
const who: Record<string, Caller | null> = {};
const principal: Record<string, Principal | null> = {};

beforeAll(async () => {
	h = await startHarness(inject('redisUrl'), { LOGIN_MAX_ATTEMPTS: '3' });
	await h.writer.flushAll();
	await addAccount(h, 'ada', 'admin');
	await addAccount(h, 'otto', 'operator');
	await addAccount(h, 'vera', 'viewer');
	await addAccount(h, 'tess', 'viewer', ['red']);
	for (const n of ['ada', 'otto', 'vera', 'tess']) who[n] = await login(h, n);
	const t = await h.server.realtime.auth.accounts.createToken('wall 1', 'ada');
	if (!t.ok) throw new Error(t.msg);
	who.wall = { name: 'wall', cookie: null, csrf: null, bearer: t.data.token };
	who.anon = null;
	principal.anon = null;
	principal.wall = { user: 'display:wall 1', role: 'viewer', kind: 'display', teams: null };
	principal.ada = { user: 'ada', role: 'admin', kind: 'user', teams: null };
	principal.otto = { user: 'otto', role: 'operator', kind: 'user', teams: null };
	principal.vera = { user: 'vera', role: 'viewer', kind: 'user', teams: null };
	principal.tess = { user: 'tess', role: 'viewer', kind: 'user', teams: ['red'] };
});
afterAll(async () => {
	await h?.writer.flushAll();
	await h?.close();
});

const fill = (id: string) =>
	id.replace('[id]', 'nope').replace('[name]', 'nobody').replace('[file]', 'spend.json');
const refused = (r: Response) =>
	r.status === 401 ||
	r.status === 403 ||
	// the sign-in redirect of a refused page; single sign-on's own answers (/login?sso=<why>) are not refusals
	(r.status === 303 && /^\/login(?!\?sso=)/.test(r.headers.get('location') ?? ''));

describe('role × route matrix', () => {
	it('refuses every route and method to every caller without the right role, and lets the rest through', async () => {
		const rows: string[] = [];
		for (const [id, methods] of Object.entries(ROUTE_POLICY)) {
			if (id === '/api/auth/logout') continue; // ends the caller's session: tested on its own
			for (const [method, rule] of Object.entries(methods)) {
				for (const [name, caller] of Object.entries(who)) {
					const p = principal[name]!;
					const expectAllowed = allows(p, rule.need) && (!p?.teams || rule.team === true);
					const res = await call(h, caller, method, fill(id), method === 'GET' ? undefined : {});
					if (refused(res) === expectAllowed)
						rows.push(
							`${method} ${id} as ${name}: ${res.status} (expected ${expectAllowed ? 'allowed' : 'refused'})`
						);
					await res.body?.cancel();
				}
			}
		}
		expect(rows).toEqual([]);
	});

	it('matches the documented ladder on the routes that matter', async () => {
		const status = async (n: string, m: string, p: string) => {
			const r = await call(h, who[n]!, m, p, m === 'GET' ? undefined : {});
			await r.body?.cancel();
			return refused(r) ? 'refused' : 'allowed';
		};
		expect(await status('vera', 'POST', '/api/budgets')).toBe('refused');
		expect(await status('vera', 'GET', '/api/export/spend.json')).toBe('refused');
		expect(await status('otto', 'GET', '/api/export/spend.json')).toBe('allowed');
		expect(await status('otto', 'POST', '/api/alerts/ack')).toBe('allowed');
		expect(await status('otto', 'POST', '/api/alerts/rules')).toBe('refused');
		expect(await status('otto', 'GET', '/api/accounts')).toBe('refused');
		expect(await status('ada', 'GET', '/api/accounts')).toBe('allowed');
		expect(await status('wall', 'GET', '/metrics')).toBe('allowed');
		expect(await status('wall', 'GET', '/api/snapshot')).toBe('refused');
		expect(await status('anon', 'GET', '/api/health')).toBe('allowed');
		expect(await status('anon', 'GET', '/metrics')).toBe('refused');
	});

	it('checks every socket event the same way', async () => {
		await expect(socketAs(h, null)).rejects.toThrow('unauthorized');
		await expect(
			socketAs(h, { name: 'forged', cookie: 'helix_session=abc.def', csrf: null })
		).rejects.toThrow('unauthorized');
		const cases: [string, string, unknown, RegExp | null][] = [
			// caller, event, payload, refusal expected (null: allowed past the policy)
			['wall', 'join', 'overview', null],
			['wall', 'users:search', { query: 'a', days: 7 }, /forbidden/],
			['wall', 'cache:count', { target: 'exact' }, /forbidden/],
			['vera', 'users:search', { query: 'a', days: 7 }, null],
			[
				'vera',
				'cache:count',
				{ target: 'exact' },
				/forbidden: this needs the admin role; vera is viewer/
			],
			['otto', 'cache:flush', { target: 'exact' }, /forbidden/],
			['ada', 'cache:count', { target: 'exact' }, null],
			['ada', 'cache:flush', { target: 'exact' }, /confirm/], // past the policy, stopped by validation
			['tess', 'join', 'overview', /limited to teams red/],
			['tess', 'join', 'users', null],
			['tess', 'cache:count', { target: 'exact' }, /forbidden/]
		];
		for (const [name, event, payload, refusal] of cases) {
			const s = await socketAs(h, who[name]!);
			const reply = (await s
				.timeout(5_000)
				.emitWithAck(event as 'join', payload as 'overview')) as Reply<unknown>;
			if (refusal) expect(reply.ok ? 'ok' : reply.msg, `${name} ${event}`).toMatch(refusal);
			else
				expect(
					reply.ok || !/forbidden/.test(reply.msg),
					`${name} ${event}: ${reply.ok ? '' : reply.msg}`
				).toBe(true);
			s.close();
		}
	});
});

describe('sessions', () => {
	it('needs the CSRF token and a same-site origin for state-changing calls', async () => {
		const ada = who.ada!;
		const noToken = await call(h, { ...ada, csrf: null }, 'POST', '/api/groups', {
			name: 'g',
			users: []
		});
		expect(noToken.status).toBe(403);
		expect(await noToken.json()).toEqual({ error: 'missing or wrong x-csrf-token header' });
		const crossSite = await call(
			h,
			ada,
			'POST',
			'/api/groups',
			{ name: 'g', users: [] },
			{ origin: 'https://evil.example' }
		);
		expect(crossSite.status).toBe(403);
		const ok = await call(h, ada, 'POST', '/api/groups', { name: 'csrf-ok', users: [] });
		expect(ok.status).toBe(201);
	});

	it('locks an account after repeated failures, without checking the password while locked', async () => {
		await addAccount(h, 'lou', 'viewer');
		const attempt = (password: string) =>
			call(h, null, 'POST', '/api/auth/login', { username: 'lou', password });
		for (let i = 0; i < 3; i++) expect((await attempt('wrong password!')).status).toBe(401);
		const locked = await attempt(PASSWORD);
		expect(locked.status).toBe(429);
		expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await locked.json()).error).toMatch(/locked/);
		const entries = await h.server.realtime.auth.audit.query({
			actor: 'lou',
			action: 'login',
			limit: 10
		});
		expect(entries.map((e) => e.result)).toEqual(['denied', 'failed', 'failed', 'failed']);
	});

	it('answers an unknown account like a wrong password', async () => {
		const r = await call(h, null, 'POST', '/api/auth/login', {
			username: 'ghost',
			password: 'whatever-it-is'
		});
		expect(r.status).toBe(401);
		expect(await r.json()).toEqual({ error: 'wrong user name or password', code: 'unauthorized' });
	});

	it('cuts a revoked session off live: its socket at once, its cookie on the next request', async () => {
		await addAccount(h, 'rita', 'viewer');
		const rita = await login(h, 'rita');
		const s = await socketAs(h, rita);
		let reason = '';
		s.on('disconnect', (r) => (reason = r));
		const res = await call(h, who.ada!, 'DELETE', '/api/accounts/rita/sessions');
		expect(await res.json()).toEqual({ name: 'rita', sessions: 1 });
		await waitFor(() => reason, 5_000, 'socket cut');
		expect(reason).toBe('io server disconnect');
		expect((await call(h, rita, 'GET', '/api/snapshot')).status).toBe(401);
	});

	it("ends the session on logout, and a role change ends the account's sessions", async () => {
		await addAccount(h, 'lena', 'viewer');
		const lena = await login(h, 'lena');
		expect((await call(h, lena, 'POST', '/api/auth/logout', {})).status).toBe(200);
		expect((await call(h, lena, 'GET', '/api/snapshot')).status).toBe(401);
		const again = await login(h, 'lena');
		expect(
			(await call(h, who.ada!, 'PUT', '/api/accounts/lena', { role: 'operator' })).status
		).toBe(200);
		expect((await call(h, again, 'GET', '/api/snapshot')).status).toBe(401);
		const promoted = await login(h, 'lena');
		expect((await call(h, promoted, 'GET', '/api/export/spend.json')).status).toBe(200);
	});

	it("keeps an account's session index to its live sessions", async () => {
		await addAccount(h, 'ivy', 'viewer');
		const index = 'helix-dashboard:auth:sessions-of:ivy';
		await h.writer.sAdd(index, ['0'.repeat(64), '1'.repeat(64)]); // sessions that expired long ago
		await login(h, 'ivy');
		await login(h, 'ivy');
		expect(await h.writer.sCard(index)).toBe(2); // the two live ones
	});

	it('keeps the last admin', async () => {
		const r = await call(h, who.ada!, 'DELETE', '/api/accounts/ada');
		expect(r.status).toBe(409);
		expect((await r.json()).error).toMatch(/last admin/);
	});
});

describe('display tokens', () => {
	it('trades a token for a read-only wall session, and revoking it disconnects the wall', async () => {
		const t = await call(h, who.ada!, 'POST', '/api/tokens', { name: 'lobby' });
		expect(t.status).toBe(201);
		const { id, token } = (await t.json()) as { id: string; token: string };
		const open = await fetch(`${h.baseUrl}/noc?token=${token}&dwell=10`, { redirect: 'manual' });
		expect(open.status).toBe(303);
		expect(open.headers.get('location')).toBe('/noc?dwell=10'); // the token leaves the address bar
		const cookie = /helix_session=[^;]+/.exec(open.headers.get('set-cookie') ?? '')![0];
		expect(open.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
		const wall: Caller = { name: 'lobby', cookie, csrf: null };
		expect((await call(h, wall, 'GET', '/api/alerts')).status).toBe(200);
		expect((await call(h, wall, 'GET', '/api/snapshot')).status).toBe(403);
		const s = await socketAs(h, wall);
		const joined = (await s.timeout(5_000).emitWithAck('join', 'overview')) as Reply<Snapshot>;
		expect(joined.ok).toBe(true);
		let reason = '';
		s.on('disconnect', (r) => (reason = r));
		expect((await call(h, who.ada!, 'DELETE', `/api/tokens/${id}`)).status).toBe(200);
		await waitFor(() => reason, 5_000, 'wall socket cut');
		expect((await call(h, wall, 'GET', '/api/alerts')).status).toBe(401);
		expect((await fetch(`${h.baseUrl}/noc?token=${token}`, { redirect: 'manual' })).status).toBe(
			401
		);
	});

	it('never hands out a secret: no hashes in the account list, no token in the token list', async () => {
		const accounts = await (await call(h, who.ada!, 'GET', '/api/accounts')).text();
		expect(accounts).toMatch(/"ada"/);
		expect(accounts).not.toMatch(/scrypt|hash/);
		const tokens = await (await call(h, who.ada!, 'GET', '/api/tokens')).text();
		expect(tokens).toMatch(/wall 1/);
		expect(tokens).not.toMatch(/hdt_|digest/);
		expect(tokens).not.toContain(who.wall!.bearer!.split('_').slice(2).join('_')); // the secret (base64url may hold '_')
	});
});

describe('team-limited accounts', () => {
	it("see only their teams' users, and nothing that spans every team", async () => {
		for (const [user, team] of [
			['r1', 'red'],
			['r2', 'red'],
			['b1', 'blue']
		] as const) {
			await h.writer.hSet('helix:user:team', user, team);
			await recordRequest(h.writer, {
				model: 'gpt-4o',
				user,
				team,
				outcome: 'miss',
				latencyMs: 100,
				costUsd: 1
			});
		}
		await h.server.realtime.collector.reconcileEntities();
		await h.server.realtime.collector.flushNow(); // the keys the scan found, read
		const s = await socketAs(h, who.tess!);
		const snap = (await s.timeout(5_000).emitWithAck('join', 'users')) as Reply<Snapshot<'users'>>;
		if (!snap.ok) throw new Error(snap.msg);
		const users = snap.data.state.ranges[0]!.bySpend.map((r) => r.user).sort();
		expect(users).toEqual(['r1', 'r2']);
		expect(snap.data.state.ranges[0]!.teams!.map((t) => t.team)).toEqual(['red']);
		const found = (await s
			.timeout(5_000)
			.emitWithAck('users:search', { query: '1', days: 7 })) as Reply<{ user: string }[]>;
		expect(found.ok && found.data.map((r) => r.user)).toEqual(['r1']);
		// an unlimited viewer sees all three
		const v = await socketAs(h, who.vera!);
		const all = (await v.timeout(5_000).emitWithAck('join', 'users')) as Reply<Snapshot<'users'>>;
		expect(all.ok && all.data.state.ranges[0]!.bySpend.map((r) => r.user).sort()).toEqual([
			'b1',
			'r1',
			'r2'
		]);
		expect((await call(h, who.tess!, 'GET', '/api/snapshot?room=users')).status).toBe(403);
		s.close();
		v.close();
	});
});

describe('audit log', () => {
	it('records who did what from where, with filters and a CSV export', async () => {
		await call(h, who.ada!, 'POST', '/api/budgets', {
			name: 'audit me',
			scope: 'gateway',
			monthlyUsd: 10,
			thresholds: [80]
		});
		await call(h, who.vera!, 'POST', '/api/budgets', {
			name: 'not allowed',
			scope: 'gateway',
			monthlyUsd: 10,
			thresholds: [80]
		});
		const rows = (await (
			await call(h, who.ada!, 'GET', '/api/audit?action=budget.create')
		).json()) as { actor: string; result: string; ip: string; detail: string }[];
		expect(rows.slice(0, 2).map((r) => [r.actor, r.result])).toEqual([
			['vera', 'denied'],
			['ada', 'ok']
		]);
		expect(rows[0]!.ip).toMatch(/127\.0\.0\.1/);
		expect(rows[0]!.detail).toMatch(/admin role/);
		const csv = await (
			await call(h, who.ada!, 'GET', '/api/audit?format=csv&actor=ada&action=budget')
		).text();
		expect(csv.split('\r\n')[0]).toBe('at,actor,role,ip,action,target,result,detail');
		// the target is named, not only an id (issue 21, item 9)
		expect(csv).toMatch(/ada,admin,[^,]+,budget.create,audit me \([0-9a-f-]+\),ok,201 · created/);
		const bad = await call(h, who.ada!, 'GET', '/api/audit?result=maybe&limit=0');
		expect(bad.status).toBe(400);
		expect((await bad.json()).error).toMatch(/result must be ok, denied or failed/);
		// an audited socket action: the flush refused for a missing confirm
		const flush = await h.server.realtime.auth.audit.query({ action: 'cache.flush', limit: 5 });
		expect(
			flush.some((e) => e.actor === 'ada' && e.result === 'failed' && /confirm/.test(e.detail))
		).toBe(true);
		expect(flush.some((e) => e.actor === 'otto' && e.result === 'denied')).toBe(true);
	});
});

describe('audit log: what changed (issue 21, item 9)', () => {
	it('names the item and gives the before and after of the fields an update changed', async () => {
		const created = (await (
			await call(h, who.ada!, 'POST', '/api/alerts/rules', {
				name: 'Audit rule',
				metric: 'request_rate',
				threshold: 100,
				forSeconds: 60,
				severity: 'warning'
			})
		).json()) as { id: string } & Record<string, unknown>;
		const { id, ...rule } = created;
		await call(h, who.ada!, 'PUT', `/api/alerts/rules/${id}`, {
			...rule,
			threshold: 4,
			forSeconds: 0
		});
		await call(h, who.ada!, 'DELETE', `/api/alerts/rules/${id}`);
		const rows = (await (await call(h, who.ada!, 'GET', '/api/audit?action=rule')).json()) as {
			action: string;
			target: string;
			detail: string;
		}[];
		const of = (action: string) => rows.find((r) => r.action === action)!;
		expect(of('rule.create')).toMatchObject({
			target: `Audit rule (${id})`,
			detail: '201 · created'
		});
		expect(of('rule.update')).toMatchObject({
			target: `Audit rule (${id})`,
			detail: '200 · threshold: 100 → 4; forSeconds: 60 → 0'
		});
		expect(of('rule.delete')).toMatchObject({
			target: `Audit rule (${id})`,
			detail: '200 · deleted'
		});
		// an account change names the fields, and a password only that it changed
		await call(h, who.ada!, 'POST', '/api/accounts', {
			name: 'audita',
			role: 'viewer',
			password: PASSWORD
		});
		await call(h, who.ada!, 'PUT', '/api/accounts/audita', {
			role: 'operator',
			password: 'another long password'
		});
		const acc = (await (
			await call(h, who.ada!, 'GET', '/api/audit?action=account.update')
		).json()) as { target: string; detail: string }[];
		expect(acc[0]).toMatchObject({
			target: 'audita',
			detail: '200 · role: viewer → operator; password changed'
		});
		expect(JSON.stringify(acc)).not.toMatch(/another long password/);
		await call(h, who.ada!, 'DELETE', '/api/accounts/audita');
	});
});

describe('hardening', () => {
	it('answers garbage on every socket event with a refusal sentence, and keeps serving', async () => {
		const s = await socketAs(h, who.ada!);
		const garbage: unknown[] = [
			null,
			42,
			'x'.repeat(50_000),
			[],
			{ target: 'all' },
			{ target: 'model' },
			{ query: { $gt: '' }, days: 7 },
			{ query: 'a', days: 8 },
			{ room: 'overview' },
			'__proto__',
			{ target: 'exact', confirm: 'yes' }
		];
		const problems: string[] = [];
		for (const event of ['join', 'users:search', 'cache:count', 'cache:flush'] as const) {
			for (const g of garbage) {
				const reply = (await s
					.timeout(5_000)
					.emitWithAck(event as 'join', g as 'overview')
					.catch(() => ({ ok: false, msg: 'NO ANSWER' }))) as Reply<unknown>;
				if (reply.ok && event !== 'join')
					problems.push(`${event} ${JSON.stringify(g).slice(0, 40)} was accepted`);
				if (!reply.ok && (reply.msg === 'NO ANSWER' || /\n\s+at /.test(reply.msg)))
					problems.push(`${event} ${JSON.stringify(g).slice(0, 40)}: ${reply.msg.slice(0, 80)}`);
			}
		}
		expect(problems).toEqual([]);
		expect((await s.timeout(5_000).emitWithAck('join', 'overview')).ok).toBe(true); // still serving
		s.close();
	});

	it('refuses oversized bodies before reading them', async () => {
		const r = await call(
			h,
			who.ada!,
			'POST',
			'/api/groups',
			JSON.stringify({ name: 'x'.repeat(100_000), users: [] })
		);
		expect(r.status).toBe(413);
	});

	it('sends security headers on every answer (the page CSP is checked in Chromium: tests/e2e/auth.test.ts)', async () => {
		for (const path of ['/api/health', '/api/snapshot', '/nope']) {
			const r = await fetch(`${h.baseUrl}${path}`);
			await r.body?.cancel();
			expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(r.headers.get('x-frame-options'), path).toBe('DENY');
			expect(r.headers.get('referrer-policy'), path).toBe('same-origin');
		}
	});

	it('answers a fuzz pass over every endpoint with 4xx sentences, never a 500 or a stack', async () => {
		const bodies: (string | undefined)[] = [
			undefined,
			'',
			'{',
			'null',
			'[]',
			'"x"',
			'42',
			JSON.stringify({
				id: { $ne: 1 },
				name: ['a'],
				monthlyUsd: 'NaN',
				users: 'x',
				role: 'root',
				teams: 7,
				minutes: -1,
				key: Number.MAX_VALUE * 10
			}),
			JSON.stringify({ __proto__: { admin: true }, constructor: { prototype: 1 } })
		];
		const params = [
			'x',
			'..%2F..%2Fetc%2Fpasswd',
			'%00',
			'a'.repeat(500),
			'%E2%80%AE',
			'spend.exe',
			'users.csv?from=2020-13-45&to=yesterday'
		];
		const problems: string[] = [];
		for (const [id, methods] of Object.entries(ROUTE_POLICY)) {
			if (!id.startsWith('/api/') || id === '/api/auth/logout') continue;
			for (const method of Object.keys(methods)) {
				const paths = id.includes('[')
					? params.map((p) => id.replace(/\[\w+\]/, p))
					: [id, `${id}?room=%00&from=-1&limit=abc&format=xml&days=NaN`];
				for (const path of paths) {
					for (const body of method === 'GET' || method === 'DELETE' ? [undefined] : bodies) {
						const headers: Record<string, string> = {
							cookie: who.ada!.cookie!,
							'x-csrf-token': who.ada!.csrf!
						};
						if (body !== undefined) headers['content-type'] = 'application/json';
						const r = await fetch(`${h.baseUrl}${path}`, {
							method,
							headers,
							body,
							redirect: 'manual'
						});
						const text = await r.text();
						if (r.status >= 500 && r.status !== 503)
							problems.push(
								`${method} ${path} ${body?.slice(0, 20)}: ${r.status} ${text.slice(0, 100)}`
							);
						if (/\n\s+at .+:\d+:\d+/.test(text))
							problems.push(`${method} ${path}: stack trace in the answer`);
					}
				}
			}
		}
		expect(problems).toEqual([]);
	});
});
