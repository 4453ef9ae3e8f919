// PII never leaves the server unredacted: raw values planted in Redis are searched for in
// every HTTP response, every socket frame and every log line the app produces.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createClient } from 'redis';
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../scripts/lib/server-process.ts';
import { KEYS, requestsUserKey, spendUserKey } from '../../src/lib/shared/contract/keys.ts';
import { ROOM_NAMES } from '../../src/lib/shared/protocol/rooms.ts';
import { waitFor } from '../helpers/harness.ts';

const SECRETS = {
	email: 'leak.victim@example.org',
	phone: '+1 415-555-0199',
	card: '4111 1111 1111 1111',
	cardPlain: '5555555555554444',
	ssn: '078-05-1120',
	iban: 'DE89 3704 0044 0532 0130 00',
	ipv4: '203.0.113.77',
	ipv6: '2001:db8:85a3:0:0:8a2e:370:7334',
	openai: 'sk-proj-LEAKLEAKLEAKLEAK1234',
	aws: 'AKIAIOSFODNN7EXAMPLE',
	jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2lnbmF0dXJlLWxlYWs',
	// the formats issue 19 found slipping through
	e164: '+14155550101',
	national: '(415) 555-0123',
	ssnBare: '219099999',
	cardDots: '4111.1111.1111.1111',
	ibanLower: 'gb82 west 1234 5698 7654 32',
	stripe: 'sk_live_51HxLeakLeakLeakLeak00',
	awsSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
	pemBody: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
	entitySsn: '219-09-9998',
	actionPhone: '+442071838750'
};
const NEEDLES = Object.values(SECRETS).flatMap((v) => [v, v.replace(/\s/g, '')]);

function findLeaks(where: string, text: string): string[] {
	return NEEDLES.filter((n) => text.includes(n)).map((n) => `${where}: ${n}`);
}

let server: ServerProcess;
let logDir: string;
const writer = createClient({ url: inject('redisUrl') });

beforeAll(async () => {
	await writer.connect();
	await writer.flushAll();
	logDir = mkdtempSync(path.join(tmpdir(), 'helix-leak-logs-'));
	const now = Date.now();
	const s = SECRETS;
	const records = [
		{
			user_id: s.email,
			timestamp: new Date(now).toISOString(),
			action: 'redacted',
			content_preview: `email ${s.email} phone ${s.phone}`
		},
		{ user_id: 7, entity: 'CREDIT_CARD', original: s.card, timestamp: now - 1000 },
		{
			user_id: 'u2',
			entity_type: 'US_SSN',
			timestamp: now - 2000,
			content_preview: `ssn ${s.ssn} iban ${s.iban}`,
			prompt: `from ${s.ipv4} and ${s.ipv6}`
		},
		{
			user_id: 'u3',
			timestamp: now - 3000,
			action: 'logged',
			content_preview: `keys ${s.openai} ${s.aws} ${s.jwt} ${s.cardPlain}`
		},
		{
			user_id: s.e164,
			timestamp: now - 4000,
			// labels that carry PII themselves
			entity_type: `ssn ${s.entitySsn}`,
			action: `called ${s.actionPhone}`,
			content_preview: `call ${s.national} or ${s.e164}; ssn ${s.ssnBare}; card ${s.cardDots}`,
			note: `iban ${s.ibanLower}; stripe ${s.stripe}; aws secret ${s.awsSecret}`,
			key: `-----BEGIN PRIVATE KEY-----\n${s.pemBody}\n-----END PRIVATE KEY-----`
		}
	];
	await writer.lPush(
		KEYS.piiIncidents,
		records.map((r) => JSON.stringify(r))
	);
	// malformed records carrying PII: their error messages must not quote them
	await writer.lPush(KEYS.piiIncidents, [`{bad ${s.email} ${s.card}`, `"${s.ssn}"`]);
	// PII in places the contract does not expect it
	await writer.set(KEYS.requestsTotal, s.card);
	await writer.xAdd(KEYS.events, '*', {
		model: s.email,
		user: s.phone,
		outcome: s.ssn,
		latency_ms: s.ipv4
	});
	// a valid event with PII in every text field: the request tail (issue 18) shows it
	await writer.xAdd(KEYS.events, '*', {
		model: s.email,
		user: s.e164,
		team: s.ssn,
		outcome: 'miss',
		latency_ms: '5',
		provider: s.phone,
		request_id: s.card
	});
	// a user id that is an e-mail address, in a team named by a phone number (issue 18: the Users
	// and Cost rooms, the user's own page, the header search and the users export show it)
	const today = new Date(now).toISOString().slice(0, 10);
	await writer.zIncrBy(spendUserKey(s.email), 1.5, today);
	await writer.zIncrBy(requestsUserKey(s.email), 3, today);
	await writer.hSet(KEYS.userTeams, s.email, s.phone);
	server = await startServerProcess({
		REDIS_URL: inject('redisUrl'),
		LOG_DIR: logDir,
		LOG_LEVEL: 'debug'
	});
});

afterAll(async () => {
	await server?.stop();
	await writer.close();
	rmSync(logDir, { recursive: true, force: true });
});

describe('PII leak scan', () => {
	it('finds no planted value in any HTTP response, socket frame or log line', async () => {
		const leaks: string[] = [];
		// a sign-in attempt with PII typed into the form lands in the audit log and the log file
		const login = await fetch(`${server.url}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: SECRETS.email, password: SECRETS.card })
		});
		expect(login.status).toBe(401);
		// a failed sign-in whose name is a phone number: audit, log file, System Health tail
		const phoneLogin = await fetch(`${server.url}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: SECRETS.e164, password: 'not the password' })
		});
		expect(phoneLogin.status).toBe(401);
		// a 404 whose path carries an e-mail address: logged, redacted
		await (await fetch(`${server.url}/no-such-page/${SECRETS.email}`)).text();
		// every socket frame of a client that joins every room
		const frames: string[] = [];
		const socket = ioClient(server.url, { transports: ['websocket'] });
		socket.io.on('open', () => socket.io.engine.on('data', (d: unknown) => frames.push(String(d))));
		await waitFor(() => socket.connected, 5_000, 'socket');
		for (const room of ROOM_NAMES) {
			const reply = await socket.timeout(5_000).emitWithAck('join', room);
			expect(reply.ok).toBe(true);
		}
		// the request tail: a backfill from the stream's start, a page back, and live rows
		const watch = await socket.timeout(5_000).emitWithAck('tail:watch', { after: '0-0' });
		expect(watch.ok && watch.data.rows.length).toBe(1);
		expect((await socket.timeout(5_000).emitWithAck('tail:page', {})).ok).toBe(true);
		// the header search and the Users page's search over a user whose id is an e-mail
		expect((await socket.timeout(5_000).emitWithAck('search', { q: 'leak' })).ok).toBe(true);
		const found = await socket
			.timeout(5_000)
			.emitWithAck('users:search', { query: 'leak', days: 30 });
		expect(found.ok && found.data.length).toBe(1);
		// the server has read the planted data: the security room shows the incidents
		const snap = await (await fetch(`${server.url}/api/snapshot?room=security`)).json();
		expect(snap.state.total).toBe(5);
		expect(snap.state.malformed).toBe(2);
		await writer.lPush(
			KEYS.piiIncidents,
			JSON.stringify({
				user_id: SECRETS.email,
				timestamp: new Date().toISOString(),
				content_preview: SECRETS.card
			})
		);
		await writer.xAdd(KEYS.events, '*', {
			model: 'm',
			user: SECRETS.email,
			outcome: 'miss',
			latency_ms: '7',
			request_id: SECRETS.openai
		});
		await new Promise((r) => setTimeout(r, 2_500)); // deltas, heartbeats and a system sample arrive
		socket.disconnect();
		expect(frames.length).toBeGreaterThan(3);
		frames.forEach((f, i) => leaks.push(...findLeaks(`socket frame ${i}`, f)));

		for (const route of [
			'/',
			'/cost',
			'/cache',
			'/security',
			'/users',
			`/users/${SECRETS.email}`,
			'/cost',
			'/api/snapshot?room=users',
			'/api/snapshot?room=cost',
			'/api/export/users.csv',
			'/api/export/requests.json',
			'/api/export/requests.csv',
			'/requests',
			'/requests?text=leak',
			'/system',
			'/alerts',
			'/noc',
			'/api/health',
			'/api/snapshot',
			'/api/snapshot?room=security',
			'/api/snapshot?room=overview',
			'/api/security/settings',
			'/api/alerts',
			'/api/alerts/history',
			'/api/export/security.json',
			'/api/export/security.csv',
			'/api/export/security.json?table=by_entity',
			'/api/export/users.json',
			'/api/export/system.json',
			'/metrics',
			'/admin',
			'/api/audit',
			'/api/audit?format=csv',
			'/no-such-page'
		]) {
			const res = await fetch(server.url + route);
			const body = await res.text();
			if (route !== '/no-such-page') expect(res.status, route).toBe(200);
			leaks.push(...findLeaks(`GET ${route}`, body));
		}

		// the spreadsheet export: every cell of every sheet
		const xlsx = await fetch(`${server.url}/api/export/security.xlsx`);
		expect(xlsx.status).toBe(200);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
		const cells: string[] = [];
		wb.eachSheet((sheet) =>
			sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.value ?? ''))))
		);
		expect(cells.length).toBeGreaterThan(5);
		leaks.push(...findLeaks('GET /api/export/security.xlsx', cells.join('\n')));

		leaks.push(...findLeaks('stdout/stderr', server.logs.join('\n')));
		for (const f of readdirSync(logDir))
			leaks.push(...findLeaks(`log file ${f}`, readFileSync(path.join(logDir, f), 'utf8')));
		expect(leaks).toEqual([]);
	});
});
