// Every answer a server module gives a caller — over the socket (acks) or HTTP — is a Reply:
// the data, or an error code and a sentence a person can act on. The HTTP status follows
// from the code (one table), never from the words of the message.
import type { z } from 'zod';

export const ERROR_STATUS = {
	/** the input is wrong: the message names the field */
	invalid: 400,
	unauthorized: 401,
	forbidden: 403,
	not_found: 404,
	/** the feature is switched off (ENABLE_ALERTS=false, ENABLE_EXPORTS=false) */
	disabled: 404,
	/** it exists already, or the change would break an invariant (the last admin) */
	conflict: 409,
	/** managed by the configuration file: change it there */
	read_only: 409,
	too_many: 429,
	/** Redis is away (or not answering): nothing was changed */
	unavailable: 503
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type Failure = { ok: false; code: ErrorCode; msg: string };
export type Reply<T> = { ok: true; data: T } | Failure;

export const ok = <T>(data: T): Reply<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, msg: string): Failure => ({ ok: false, code, msg });

/** The one wording of "Redis is away" for a change that was refused. */
export const REDIS_AWAY = 'Redis is not connected; nothing was changed';
export const redisAway = (): Failure => fail('unavailable', REDIS_AWAY);

/** zod's issues as one sentence a person can act on: the field, then what is wrong with it. */
export function describeIssues(err: z.ZodError): string {
	return err.issues
		.map((i) => {
			if (i.code === 'unrecognized_keys') return `unknown field(s): ${i.keys.join(', ')}`;
			const field = i.path.join('.');
			// messages written for a field usually name it already ("days must be 7, 30 or 90")
			const named = !field || i.message.startsWith(String(i.path.at(-1)));
			return named ? i.message : `${field}: ${i.message}`;
		})
		.join('; ');
}

/** Validates `input` with `schema`: the data, or an `invalid` failure naming the fields. */
export function validate<T>(schema: z.ZodType<T>, input: unknown): Reply<T> {
	const r = schema.safeParse(input);
	return r.success ? ok(r.data) : fail('invalid', describeIssues(r.error));
}
