// One Redis connection as the dashboard makes it: fails at once while disconnected, and
// reconnects forever with capped backoff.
import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

/** 100 ms, 200 ms, … capped at 2 s: Redis coming back is noticed within ~2 s. */
export const backoff = (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 2_000);

export function makeClient(url: string, name: string): RedisClient {
	return createClient({
		url,
		name,
		// Fail commands at once while disconnected instead of queueing them: a queued flush
		// would replay stale work on reconnect; the reconcile on 'ready' re-reads everything.
		disableOfflineQueue: true,
		socket: { reconnectStrategy: backoff, connectTimeout: 3_000 }
	});
}

/**
 * Closes every client, open or not, never throwing: destroying one that is already closed
 * throws, and one failure must not leave the others open.
 */
export async function closeClients(
	clients: { isOpen: boolean; close(): Promise<unknown>; destroy(): void }[]
): Promise<void> {
	await Promise.allSettled(clients.map(async (c) => (c.isOpen ? c.close() : c.destroy())));
}
