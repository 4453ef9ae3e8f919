// Keyspace notifications are off by default in Redis. The subscriber needs K (keyspace
// channel) plus the event classes the gateway's writes raise: g (del/expire/rename), $
// (SET/INCR), l (LPUSH/LTRIM), z (ZINCRBY), h (HSET), t (XADD), x (expired), e (evicted).
// Managed Redis services often refuse CONFIG: then the dashboard runs on reconcile alone.
import type { NotificationsMode } from '../shared/types.ts';
import type { RedisClient } from './redis.ts';

export const REQUIRED_FLAGS = 'Kg$lzhtxe';
/** 'A' is Redis's alias for g$lshzxetd */
const ALIAS_A = 'g$lshzxetd';

export function missingFlags(current: string): string {
	const have = new Set(current.replace('A', ALIAS_A));
	return [...REQUIRED_FLAGS].filter((f) => !have.has(f)).join('');
}

export interface NotificationsCheck {
	mode: NotificationsMode;
	/** what was done or why it could not be */
	detail: string | null;
}

async function configGet(client: RedisClient): Promise<string> {
	const reply = (await client.sendCommand(['CONFIG', 'GET', 'notify-keyspace-events'])) as unknown;
	// RESP2: ['notify-keyspace-events', 'KEA']
	return Array.isArray(reply) ? String(reply[1] ?? '') : '';
}

/** Reads the flags and adds what is missing, keeping any flags someone else set. */
export async function ensureNotifications(client: RedisClient): Promise<NotificationsCheck> {
	let current: string;
	try {
		current = await configGet(client);
	} catch (err) {
		return { mode: 'reconcile-only', detail: `CONFIG GET refused (${(err as Error).message}); updates arrive by reconcile only` };
	}
	const missing = missingFlags(current);
	if (!missing) return { mode: 'on', detail: null };
	try {
		await client.sendCommand(['CONFIG', 'SET', 'notify-keyspace-events', current + missing]);
		return { mode: 'on', detail: `enabled keyspace notification flags "${missing}" (was "${current}")` };
	} catch (err) {
		return {
			mode: 'reconcile-only',
			detail: `notify-keyspace-events is "${current}" and CONFIG SET was refused (${(err as Error).message}); updates arrive by reconcile only`
		};
	}
}
