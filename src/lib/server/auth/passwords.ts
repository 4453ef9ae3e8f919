// Password hashing with scrypt (node:crypto; no native add-on to build). Stored as
// scrypt$N$r$p$salt$hash so the cost can be raised without breaking old hashes: a hash made
// at a lower cost still verifies, and is replaced at the account's next successful sign-in.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** OWASP's current minimum for scrypt: N=2^17, r=8, p=1 (128 MiB, ~0.5 s here per hash). */
export const N = 2 ** 17;
const R = 8;
const P = 1;
const KEYLEN = 64;
/** scrypt needs 128·N·r bytes; the room for the largest cost a stored hash may ask for */
const MAXMEM = 256 * 1024 * 1024;
/** a stored hash asking for more than this is not ours (a hand-edit): refused, not computed */
const MAX_N = 2 ** 17;
const MAX_R = 16;
const MAX_P = 4;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(password.normalize('NFKC'), salt, KEYLEN, { ...opts, maxmem: MAXMEM }, (err, key) =>
			err ? reject(err) : resolve(key)
		)
	);
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, { N, r: R, p: P });
	return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** A hash to verify against when the user does not exist, so timing does not tell. */
let dummy: Promise<string> | undefined;

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
	const target = stored ?? (await (dummy ??= hashPassword('not-a-real-password')));
	const parts = target.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
	const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
	const cost = { N: Number(n), r: Number(r), p: Number(p) };
	if (!sane(cost)) return false;
	const expected = Buffer.from(hash, 'base64url');
	const key = await derive(password, Buffer.from(salt, 'base64url'), cost);
	return stored !== null && key.length === expected.length && timingSafeEqual(key, expected);
}

function sane(c: { N: number; r: number; p: number }): boolean {
	const pow2 = Number.isInteger(Math.log2(c.N));
	return (
		pow2 &&
		c.N >= 2 &&
		c.N <= MAX_N &&
		Number.isInteger(c.r) &&
		c.r >= 1 &&
		c.r <= MAX_R &&
		Number.isInteger(c.p) &&
		c.p >= 1 &&
		c.p <= MAX_P
	);
}

/** A stored hash made at a lower cost than today's: rehash it at the next successful sign-in. */
export function needsRehash(stored: string): boolean {
	const [kind, n, r, p] = stored.split('$');
	return kind !== 'scrypt' || Number(n) < N || Number(r) < R || Number(p) < P;
}

/** Why a new password is refused, or null. */
export function passwordProblem(password: unknown): string | null {
	if (typeof password !== 'string') return 'password must be text';
	if (password.length < PASSWORD_MIN) return `password must be at least ${PASSWORD_MIN} characters`;
	if (password.length > PASSWORD_MAX) return `password must be at most ${PASSWORD_MAX} characters`;
	return null;
}
