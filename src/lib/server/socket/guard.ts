// Socket.IO and auth: the handshake carries the same session cookie as the pages (or a
// display token as a bearer); every incoming event is checked against SOCKET_POLICY before
// any handler sees it; a revoked or expired session's sockets are cut.
import type { IncomingMessage } from 'node:http';
import { allows, refusal } from '../../shared/auth.ts';
import { fail, type Failure } from '../../shared/protocol/reply.ts';
import { SOCKET_EVENTS, SOCKET_STRIKES, TokenBucket } from './budget.ts';
import type { HelixServer } from './types.ts';
import { SOCKET_POLICY } from '../auth/policy.ts';
import { type AuthService } from '../auth/service.ts';
import { roleOf, SESSION_COOKIE, tokenRevocation } from '../auth/principals.ts';

/** Sockets of accounts limited to some teams sit in this room, so global broadcasts skip them. */
export const TEAM_LIMITED_ROOM = 'team-limited';
/** Sockets of admins (and of everyone while sign-in is off) sit here: the Admin page's events go only to them. */
export const ADMINS_ROOM = 'admins';

export function parseCookies(header: string | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const part of (header ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq <= 0) continue;
		const k = part.slice(0, eq).trim();
		try {
			out[k] = decodeURIComponent(part.slice(eq + 1).trim());
		} catch {
			// a malformed cookie is not ours
		}
	}
	return out;
}

/** A browser's cross-site WebSocket must not ride the user's cookie: the Origin must be this host. */
export function sameOrigin(req: IncomingMessage): boolean {
	const origin = req.headers.origin;
	if (!origin) return true; // not a browser (curl, socket.io-client in Node): no ambient cookie to abuse
	try {
		const host =
			(req.headers['x-forwarded-host'] as string | undefined)?.split(',')[0]?.trim() ||
			req.headers.host;
		return new URL(origin).host === host;
	} catch {
		return false;
	}
}

export function guardSockets(io: HelixServer, auth: AuthService, sweepMs: number): () => void {
	io.use((socket, next) => {
		const hs = socket.handshake;
		const token = typeof hs.auth?.token === 'string' ? `Bearer ${hs.auth.token}` : null;
		auth
			.identify(
				parseCookies(hs.headers.cookie)[SESSION_COOKIE],
				(hs.headers.authorization as string | undefined) ?? token
			)
			.then((s) => {
				if (!s) return next(new Error('unauthorized'));
				socket.data.principal = s.principal;
				socket.data.session = s.digest;
				if (s.tokenId) socket.data.tokenId = s.tokenId;
				socket.data.ip = hs.address;
				if (s.principal.teams) void socket.join(TEAM_LIMITED_ROOM);
				if (s.principal.role === 'admin' && s.principal.kind !== 'display')
					void socket.join(ADMINS_ROOM);
				next();
			})
			.catch(() => next(new Error('unauthorized')));
	});

	io.on('connection', (socket) => {
		// every event costs a token: a burst is fine, a flood is refused, a flood that goes on is cut
		const budget = new TokenBucket(SOCKET_EVENTS.capacity, SOCKET_EVENTS.refillPerS);
		let strikes = 0;
		socket.use(([event, ...args], next) => {
			if (!budget.take()) {
				const ack = args.at(-1);
				if (typeof ack === 'function')
					(ack as (r: Failure) => void)(
						fail(
							'too_many',
							`slow down: at most ${SOCKET_EVENTS.refillPerS} requests a second on one connection`
						)
					);
				if (++strikes >= SOCKET_STRIKES) socket.disconnect(true);
				return;
			}
			const rule = SOCKET_POLICY[event as keyof typeof SOCKET_POLICY];
			const p = socket.data.principal;
			let msg: string | null = null;
			if (!rule) msg = `unknown event "${String(event).slice(0, 40)}"`;
			else if (!allows(p, rule.need)) msg = `forbidden: ${refusal(p, rule.need)}`;
			else if (p.teams && !rule.team)
				msg = `forbidden: ${p.user} is limited to teams ${p.teams.join(', ')} and this spans every team`;
			if (!msg) return next();
			if (rule?.audit)
				auth.record({
					actor: p.user,
					role: roleOf(p),
					ip: socket.data.ip,
					action: rule.audit,
					target: '',
					result: 'denied',
					detail: msg
				});
			const ack = args.at(-1);
			if (typeof ack === 'function') (ack as (r: Failure) => void)(fail('forbidden', msg));
		});
	});

	// revoked: session digests, and display tokens as tokenRevocation(id) (bearer sockets)
	const cut = (revoked: Set<string>) => {
		for (const s of io.of('/').sockets.values())
			if (
				(s.data.session && revoked.has(s.data.session)) ||
				(s.data.tokenId && revoked.has(tokenRevocation(s.data.tokenId)))
			)
				s.disconnect(true);
	};
	auth.on('revoked', cut);
	// accounts appeared while the server ran open: the sockets opened without sign-in go
	const cutOpen = () => {
		for (const s of io.of('/').sockets.values())
			if (s.data.principal?.kind === 'open') s.disconnect(true);
	};
	auth.on('required', cutOpen);

	// expiry, and revocations whose pub/sub message was missed while Redis was away
	const sweep = setInterval(() => {
		const ds = new Set<string>();
		const tokens = new Set<string>();
		for (const s of io.of('/').sockets.values()) {
			if (s.data.session) ds.add(s.data.session);
			if (s.data.tokenId) tokens.add(s.data.tokenId);
		}
		if (!ds.size && !tokens.size) return;
		void Promise.all([
			auth.accounts.sessions.liveSessions([...ds]),
			auth.accounts.liveTokens([...tokens])
		])
			.then(([live, liveTokens]) =>
				cut(
					new Set([
						...[...ds].filter((d) => !live.has(d)),
						...[...tokens].filter((t) => !liveTokens.has(t)).map(tokenRevocation)
					])
				)
			)
			.catch(() => {}); // Redis away: try again next time
	}, sweepMs);

	return () => {
		clearInterval(sweep);
		auth.off('revoked', cut);
		auth.off('required', cutOpen);
	};
}
