// Every command the dashboard sends through its command connection has a deadline: the reply,
// or an error after COMMAND_DEADLINE_MS — at once while the watchdog says Redis is not
// answering, and every command still waiting fails the moment it says so. A hung Redis then
// costs a request a fast 503 (or the last known values), never a 20-second wait.
import type { RedisClient } from './client.ts';

/** longer than any command the dashboard sends takes on a healthy Redis (a 1 M-member read included) */
export const COMMAND_DEADLINE_MS = 10_000;
export const NOT_ANSWERING = 'Redis is not answering';

export class DeadlineError extends Error {
	override name = 'DeadlineError';
}

type Pending = { reject: (e: Error) => void; at: number };
/** how often the deadlines are checked (one timer for every command, not one each) */
const CHECK_MS = 500;

export interface Deadlines {
	/** the client whose commands carry deadlines */
	client: RedisClient;
	/** fail every command now waiting (the watchdog saw Redis stop answering) */
	failAll(): void;
}

const isThenable = (v: unknown): v is Promise<unknown> =>
	typeof (v as { then?: unknown } | null)?.then === 'function';

export function withDeadlines(
	raw: RedisClient,
	hung: () => boolean,
	ms = COMMAND_DEADLINE_MS
): Deadlines {
	// insertion order is age order: the check stops at the first command still in time
	const pending = new Set<Pending>();
	let timer: ReturnType<typeof setInterval> | null = null;
	const check = () => {
		const now = performance.now();
		for (const p of pending) {
			if (now - p.at < ms) break;
			pending.delete(p);
			p.reject(new DeadlineError(`${NOT_ANSWERING} (no reply in ${ms / 1000} s)`));
		}
		if (!pending.size && timer) {
			clearInterval(timer);
			timer = null;
		}
	};
	const guard = <T>(p: Promise<T>): Promise<T> => {
		if (hung()) {
			p.catch(() => {}); // its real answer, if it ever comes, is not waited for
			return Promise.reject(new DeadlineError(NOT_ANSWERING));
		}
		return new Promise<T>((resolve, reject) => {
			const entry: Pending = { reject, at: performance.now() };
			pending.add(entry);
			if (!timer) {
				timer = setInterval(check, CHECK_MS);
				timer.unref?.();
			}
			p.then(
				(v) => (pending.delete(entry), resolve(v)),
				(e: unknown) => (pending.delete(entry), reject(e))
			);
		});
	};
	/** `o` with every method's promise under the deadline; `next` maps a method's other results */
	const guarded = <T extends object>(o: T, next: (prop: PropertyKey, r: unknown) => unknown): T =>
		new Proxy(o, {
			get(target, prop) {
				const v: unknown = Reflect.get(target, prop, target);
				if (typeof v !== 'function') return v;
				return (...args: unknown[]) => {
					const r: unknown = (v as (...a: unknown[]) => unknown).apply(target, args);
					return isThenable(r) ? guard(r) : next(prop, r);
				};
			}
		});
	// a MULTI builder: its exec() gets the deadline; chained commands return the builder
	const wrapMulti = (m: object): object => guarded(m, (_, r) => (r === m ? wrapMulti(m) : r));
	const isObject = (r: unknown): r is object => !!r && typeof r === 'object';
	// the client, and the clones node-redis makes of it (withTypeMapping, withCommandOptions:
	// the same connection answering in another shape), whose commands get the same deadlines
	const wrap = (c: RedisClient): RedisClient =>
		guarded(c, (prop, r) => {
			if (!isObject(r)) return r;
			if (prop === 'multi' || prop === 'MULTI') return wrapMulti(r);
			if (prop === 'withTypeMapping' || prop === 'withCommandOptions')
				return wrap(r as RedisClient);
			return r;
		});
	const client = wrap(raw);
	return {
		client,
		failAll() {
			for (const p of pending) p.reject(new DeadlineError(NOT_ANSWERING));
			pending.clear();
		}
	};
}
