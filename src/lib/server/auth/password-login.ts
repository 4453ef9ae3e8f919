// Sign-in with a name and a password: lockout counted before the password is checked, the
// same answer and time for an unknown name and a wrong password, a cheaper old hash replaced
// once the password is known, every attempt audited (a failed one's name redacted).
import type { Principal } from '../../shared/auth.ts';
import type { ErrorCode } from '../../shared/protocol/reply.ts';
import { redactText } from '../security/pii/redact.ts';
import { needsRehash, verifyPassword } from './passwords.ts';
import type { AuthDeps, LoginResult, SignInHost } from './sign-in-host.ts';

export async function passwordLogin(
	auth: SignInHost,
	deps: AuthDeps,
	name: unknown,
	password: unknown,
	ip: string
): Promise<LoginResult> {
	const user = typeof name === 'string' ? name.slice(0, 64) : '';
	// a failed sign-in proves no identity and its name may be anything typed into the form
	// (someone's e-mail, a password in the wrong box): recorded redacted
	const refuse = (
		code: ErrorCode,
		msg: string,
		detail: string,
		retryAfterS?: number
	): LoginResult => {
		const actor = redactText(user);
		auth.record({
			actor: actor || '?',
			role: '-',
			ip,
			action: 'login',
			target: actor,
			result: code === 'too_many' ? 'denied' : 'failed',
			detail
		});
		return { ok: false, code, msg, retryAfterS };
	};
	if (!deps.config.localSignIn)
		return refuse(
			'forbidden',
			'sign-in with a password is switched off here (LOCAL_SIGNIN=false): use single sign-on',
			'local sign-in off'
		);
	if (!user || typeof password !== 'string' || !password || password.length > 1024)
		return refuse('invalid', 'give a user name and a password', 'malformed request');
	if (!deps.isConnected())
		return refuse(
			'unavailable',
			'sign-in is unavailable: the dashboard cannot reach Redis',
			'redis unavailable'
		);
	// counted before the password is checked: parallel guesses cannot slip past the limit
	const gate = await auth.limiter.attempt(user, ip);
	if (!gate.ok) return refuse('too_many', gate.why, 'locked out', gate.retryAfterS);
	const rec = await auth.accounts.getUser(user);
	// verify even for an unknown name, so the answer takes as long either way
	const good = await verifyPassword(password, rec?.hash ?? null);
	if (!rec || !good) {
		return refuse(
			'unauthorized',
			'wrong user name or password',
			rec ? 'wrong password' : 'unknown account'
		);
	}
	await auth.limiter.succeed(user, ip);
	// made at an older, lower cost: replaced now that the password is known (sign-in goes on either way)
	if (needsRehash(rec.hash)) await auth.accounts.rehash(user, rec, password).catch(() => {});
	const principal: Principal = { user, role: rec.role, kind: 'user', teams: rec.teams };
	auth.record({
		actor: user,
		role: rec.role,
		ip,
		action: 'login',
		target: user,
		result: 'ok',
		detail: ''
	});
	return auth.openSession(principal, deps.config.sessionMs);
}
