// The HTTP side of auth, run by hooks.server.ts for every request before any route:
// security headers, body size, who is calling, the route policy, CSRF, and the audit entry
// of every state-changing call. Kept out of the hook file so it can be read in one place.
import { timingSafeEqual } from 'node:crypto';
import { json, type Handle, type RequestEvent } from '@sveltejs/kit';
import { allows, CSRF_HEADER, refusal } from '../../shared/auth.ts';
import { ERROR_STATUS } from '../../shared/protocol/reply.ts';
import { SECURITY_HEADERS } from './headers.ts';
import type { AuthConfig } from '../platform/config.ts';
import type { SyncBus } from '../redis/sync-bus.ts';
import type { AuthService } from '../auth/service.ts';
import { routeRule, type Rule } from '../auth/policy.ts';
import { roleOf, SESSION_COOKIE, type Session } from '../auth/principals.ts';

/** What the guard needs of the running dashboard. */
export interface GuardServices {
	auth: AuthService;
	sync: SyncBus;
	config: { auth: Pick<AuthConfig, 'cookieSecure'> };
}

/** Request bodies are small JSON documents; anything bigger is refused before it is read. */
export const MAX_BODY_BYTES = 64 * 1024;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const isApi = (e: RequestEvent) =>
	e.url.pathname.startsWith('/api/') || e.url.pathname === '/metrics';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A refusal: JSON for the API, a small page for a browser. */
function deny(
	e: RequestEvent,
	status: number,
	msg: string,
	headers: Record<string, string> = {}
): Response {
	if (isApi(e)) return json({ error: msg }, { status, headers });
	const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status} — Helix Dashboard</title></head><body style="font-family:system-ui,sans-serif;background:#0f1419;color:#e6e6e6;padding:2rem"><h1>${status}</h1><p>${escapeHtml(msg)}</p><p><a style="color:#8ab4f8" href="/login">Sign in</a> · <a style="color:#8ab4f8" href="/">Overview</a></p></body></html>`;
	return new Response(body, {
		status,
		headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers }
	});
}

function seeOther(location: string, setCookie?: string): Response {
	return new Response(null, {
		status: 303,
		headers: {
			location,
			'cache-control': 'no-store',
			...(setCookie ? { 'set-cookie': setCookie } : {})
		}
	});
}

function safeEqual(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/** Cross-site requests that change state are refused whoever the caller is (even with auth off). */
function crossSite(e: RequestEvent): boolean {
	const site = e.request.headers.get('sec-fetch-site');
	if (site && site !== 'same-origin' && site !== 'none') return true;
	const origin = e.request.headers.get('origin');
	if (origin === null) return false;
	// compare hosts only: adapter-node guesses the scheme (https) unless told, the Host header is real
	try {
		return new URL(origin).host !== e.url.host;
	} catch {
		return true;
	}
}

export function cookieOptions(rt: GuardServices, e: RequestEvent, maxAgeS: number) {
	const c = rt.config.auth.cookieSecure;
	// the server itself speaks plain HTTP; 'auto' trusts the TLS-terminating proxy's X-Forwarded-Proto
	const https = e.request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure: c === 'true' || (c === 'auto' && https),
		maxAge: maxAgeS
	};
}

function serializeCookie(value: string, o: ReturnType<typeof cookieOptions>): string {
	return `${SESSION_COOKIE}=${value}; Path=${o.path}; Max-Age=${o.maxAge}; HttpOnly; SameSite=Lax${o.secure ? '; Secure' : ''}`;
}

function targetOf(e: RequestEvent): string {
	return Object.values(e.params).join('/').slice(0, 200);
}

async function detailOf(res: Response): Promise<string> {
	if (res.status < 400) return String(res.status);
	const body = (await res
		.clone()
		.json()
		.catch(() => null)) as { error?: unknown } | null;
	return `${res.status}${typeof body?.error === 'string' ? `: ${body.error.slice(0, 300)}` : ''}`;
}

export function authHandle(getRt: () => App.Locals['rt'] | undefined): Handle {
	return async ({ event, resolve }) => {
		const rt = getRt();
		if (!rt) return json({ error: 'realtime module not attached' }, { status: 503 });
		event.locals.rt = rt;
		const res = await guarded(rt, event, resolve);
		for (const [k, v] of Object.entries(SECURITY_HEADERS))
			if (!res.headers.has(k)) res.headers.set(k, v);
		return res;
	};
}

async function guarded(
	rt: GuardServices,
	event: RequestEvent,
	resolve: Parameters<Handle>[0]['resolve']
): Promise<Response> {
	const method = event.request.method;
	const length = Number(event.request.headers.get('content-length') ?? 0);
	if (length > MAX_BODY_BYTES)
		return deny(event, 413, `the request body is over ${MAX_BODY_BYTES / 1024} KB`);

	const auth = rt.auth;
	const ip = clientAddress(event);
	// a wall screen opens /noc?token=…: trade the token for a session cookie and drop it from the URL
	const token = event.url.searchParams.get('token');
	if (event.url.pathname === '/noc' && token && method === 'GET') {
		const r = await auth.openDisplay(token, ip);
		if (!r.ok) return deny(event, ERROR_STATUS[r.code], r.msg);
		const clean = new URL(event.url);
		clean.searchParams.delete('token');
		// a Response made here bypasses event.cookies, so the cookie goes in by hand
		return seeOther(
			clean.pathname + clean.search,
			serializeCookie(r.cookie, cookieOptions(rt, event, r.maxAgeS))
		);
	}

	const session: Session | null = await auth.identify(
		event.cookies.get(SESSION_COOKIE),
		event.request.headers.get('authorization')
	);
	event.locals.session = session;
	const p = session?.principal ?? null;

	const rule: Rule | null = routeRule(event.route.id, method);
	if (event.route.id === null) return resolve(event); // no such route: SvelteKit's 404
	if (!rule) return deny(event, 405, `${method} is not allowed here`);
	const refuse = (status: number, msg: string) => {
		if (rule.audit)
			auth.record({
				actor: p?.user ?? '?',
				role: roleOf(p),
				ip,
				action: rule.audit,
				target: targetOf(event),
				result: 'denied',
				detail: msg
			});
		return deny(event, status, msg);
	};
	if (!allows(p, rule.need)) {
		if (!p && !isApi(event))
			return seeOther(`/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
		return refuse(p ? 403 : 401, p ? `forbidden: ${refusal(p, rule.need)}` : 'sign in first');
	}
	if (p?.teams && !rule.team)
		return refuse(
			403,
			`forbidden: ${p.user} is limited to teams ${p.teams.join(', ')} and this spans every team`
		);

	if (MUTATING.has(method)) {
		if (crossSite(event)) return refuse(403, 'cross-site request refused');
		const csrf = session?.record?.csrf;
		if (csrf && !safeEqual(event.request.headers.get(CSRF_HEADER) ?? '', csrf))
			return refuse(403, `missing or wrong ${CSRF_HEADER} header`);
	}

	const res = await resolve(event);
	// a change made on this node: every other node re-reads it now, not at its next reconcile
	if (rule.sync && res.status < 400) rt.sync.changed(rule.sync);
	if (rule.audit) {
		auth.record({
			actor: p?.user ?? '?',
			role: roleOf(p),
			ip,
			action: rule.audit,
			target: event.locals.audit?.target ?? targetOf(event),
			result: res.status < 400 ? 'ok' : 'failed',
			detail: [await detailOf(res), event.locals.audit?.changes].filter(Boolean).join(' · ')
		});
	}
	return res;
}

export function clientAddress(e: RequestEvent): string {
	try {
		return e.getClientAddress();
	} catch {
		return '?';
	}
}
