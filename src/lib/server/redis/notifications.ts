// Keyspace notifications are off by default in Redis. The subscriber needs K (keyspace
// channel) plus the event classes the gateway's writes raise: g (del/expire/rename), $
// (SET/INCR), l (LPUSH/LTRIM), z (ZINCRBY), h (HSET), t (XADD), x (expired), e (evicted).
// Managed Redis services often refuse CONFIG: then the dashboard runs on reconcile alone.
import type { NotificationsMode } from '../../shared/protocol/health.ts';
import type { RedisClient } from './client.ts';

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

/**
 * On every node that holds data (one Redis, or each master of a cluster: notifications are
 * node-local): 'on' only when every node has the flags.
 */
export async function ensureNotifications(nodes: RedisClient[]): Promise<NotificationsCheck> {
	if (nodes.length === 1) return ensureOn(nodes[0]!);
	if (!nodes.length)
		return { mode: 'reconcile-only', detail: 'no cluster master is connected yet' };
	const checks = await Promise.all(
		nodes.map(async (n, i) => ({ where: nodeName(n, i), check: await ensureOn(n) }))
	);
	const off = checks.filter((c) => c.check.mode !== 'on');
	const details = checks.filter((c) => c.check.detail).map((c) => `${c.where}: ${c.check.detail}`);
	return {
		mode: off.length ? 'reconcile-only' : 'on',
		detail: details.length ? details.join('; ') : null
	};
}

function nodeName(n: RedisClient, i: number): string {
	const s = n.options?.socket as { host?: string; port?: number } | undefined;
	return s?.host ? `master ${s.host}:${s.port}` : `master ${i + 1}`;
}

/** Reads the flags and adds what is missing, keeping any flags someone else set. */
async function ensureOn(client: RedisClient): Promise<NotificationsCheck> {
	let current: string;
	try {
		current = await configGet(client);
	} catch (err) {
		return {
			mode: 'reconcile-only',
			detail: `CONFIG GET refused (${(err as Error).message}); updates arrive by reconcile only`
		};
	}
	const missing = missingFlags(current);
	if (!missing) return { mode: 'on', detail: null };
	try {
		await client.sendCommand(['CONFIG', 'SET', 'notify-keyspace-events', current + missing]);
		return {
			mode: 'on',
			detail: `enabled keyspace notification flags "${missing}" (was "${current}")`
		};
	} catch (err) {
		return {
			mode: 'reconcile-only',
			detail: `notify-keyspace-events is "${current}" and CONFIG SET was refused (${(err as Error).message}); updates arrive by reconcile only`
		};
	}
}

/** Policies that evict keys without a TTL: the dashboard's accounts, budgets and rules among them. */
const EVICTING = /^allkeys-/;

/**
 * Whether Redis may evict the dashboard's own keys under memory pressure: a sentence to show,
 * or null (noeviction, volatile-* — the dashboard's keys have no TTL — or unknown).
 */
export async function evictionRisk(nodes: RedisClient[]): Promise<string | null> {
	for (const n of nodes) {
		let policy = '';
		try {
			const reply = (await n.sendCommand(['CONFIG', 'GET', 'maxmemory-policy'])) as unknown;
			policy = Array.isArray(reply) ? String(reply[1] ?? '') : '';
		} catch {
			continue; // CONFIG refused (managed Redis): unknown, said elsewhere
		}
		if (EVICTING.test(policy))
			return `maxmemory-policy is ${policy}: under memory pressure Redis may evict the dashboard's own keys (accounts, budgets, rules, the audit stream); use noeviction for them (docs/security.md)`;
	}
	return null;
}
