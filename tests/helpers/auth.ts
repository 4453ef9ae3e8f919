// Signing in over real HTTP and opening sockets with the session cookie, for the auth tests.
import { io as ioClient } from 'socket.io-client';
import type { Role } from '../../src/lib/shared/auth.ts';
import type { Harness, TestSocket } from './harness.ts';
import { waitFor } from './harness.ts';

export interface Caller {
	name: string;
	cookie: string | null;
	csrf: string | null;
	bearer?: string;
}

export const PASSWORD = 'correct horse battery';

export async function addAccount(
	h: Harness,
	name: string,
	role: Role,
	teams: string[] | null = null
): Promise<void> {
	const r = await h.server.realtime.auth.accounts.createUser({
		name,
		role,
		teams,
		password: PASSWORD
	});
	if (!r.ok) throw new Error(r.msg);
	await h.server.realtime.auth.load();
}

export async function login(
	h: Pick<Harness, 'baseUrl'>,
	name: string,
	password = PASSWORD
): Promise<Caller> {
	const res = await fetch(`${h.baseUrl}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: name, password })
	});
	if (res.status !== 200) throw new Error(`login ${name}: ${res.status} ${await res.text()}`);
	const cookie = /helix_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? null;
	const body = (await res.json()) as { csrf: string };
	return { name, cookie, csrf: body.csrf };
}

/** fetch as this caller: cookie, CSRF token on state-changing methods, bearer if any */
export function call(
	h: Pick<Harness, 'baseUrl'>,
	who: Caller | null,
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {}
): Promise<Response> {
	const hd: Record<string, string> = { ...headers };
	if (who?.cookie) hd.cookie = who.cookie;
	if (who?.bearer) hd.authorization = `Bearer ${who.bearer}`;
	if (who?.csrf && method !== 'GET') hd['x-csrf-token'] = who.csrf;
	if (body !== undefined) hd['content-type'] = 'application/json';
	return fetch(`${h.baseUrl}${path}`, {
		method,
		headers: hd,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		redirect: 'manual'
	});
}

/** `call` with the answer's JSON read (tests of an open dashboard pass `null` as the caller) */
export async function callJson(
	h: Pick<Harness, 'baseUrl'>,
	who: Caller | null,
	method: string,
	path: string,
	body?: unknown
): Promise<{ status: number; body: Record<string, unknown> }> {
	const res = await call(h, who, method, path, body);
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A socket with this caller's cookie; resolves connected, or rejects with the connect_error. */
export async function socketAs(h: Harness, who: Caller | null): Promise<TestSocket> {
	const extraHeaders: Record<string, string> = {};
	if (who?.cookie) extraHeaders.cookie = who.cookie;
	const s: TestSocket = ioClient(h.baseUrl, {
		transports: ['websocket'],
		extraHeaders,
		reconnection: false,
		...(who?.bearer ? { auth: { token: who.bearer } } : {})
	});
	let failure: Error | null = null;
	s.on('connect_error', (e) => (failure = e));
	await waitFor(() => s.connected || failure, 5_000, 'socket connect or refusal');
	if (failure) {
		s.close();
		throw failure;
	}
	return s;
}
