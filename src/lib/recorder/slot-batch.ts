// Redis Cluster refuses a MULTI (or an MGET, DEL, UNLINK) whose keys live in different hash
// slots (CROSSSLOT), and the data contract's keys carry no hash tags — they are the names
// gateways already write. So on a cluster a batch is split by slot: one MULTI per slot, all
// sent at once, replies put back in call order. Each slot's part stays atomic; the batch as a
// whole is not (a reader may see one slot's writes before another's for a moment — the
// dashboard's reconcile re-reads every key, so nothing stays torn).
import calculateSlot from 'cluster-key-slot';
import type { createClient, createCluster } from 'redis';

export type Cluster = ReturnType<typeof createCluster>;
type Client = ReturnType<typeof createClient>;
export type Multi = ReturnType<Client['multi']>;

export const slotOf = (key: string): number => calculateSlot(key);

/** Indexes of `keys` grouped by hash slot. */
export function groupBySlot(keys: readonly string[]): Map<number, number[]> {
	const groups = new Map<number, number[]>();
	keys.forEach((k, i) => {
		const slot = slotOf(k);
		const g = groups.get(slot);
		if (g) g.push(i);
		else groups.set(slot, [i]);
	});
	return groups;
}

type Call = { method: string; args: unknown[] };

/** Refused while queueing, so nothing of the MULTI ran: safe to send again. */
const REDIRECTED = /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN|EXECABORT)\b/;
/** The master's connection is gone (node-redis with disableOfflineQueue): nothing was sent. */
const OFFLINE = /client is offline|client is closed/i;

/**
 * Makes node-redis re-read the slot map, from `from` or else a master it knows that still
 * answers. It does so by itself only when a node answers MOVED — a master that died (its
 * replica promoted in its place) never answers, so without this, commands for its slots fail
 * until a restart. The one use of `_slots.rediscover`: public in node-redis's types, not in
 * its documentation.
 */
export async function refreshRouting(
	cluster: Cluster,
	from?: { options?: unknown }
): Promise<boolean> {
	const live = from ?? cluster.masters.find((m) => m.client?.isReady)?.client;
	if (!live) return false;
	await cluster._slots.rediscover(live as never);
	return true;
}

/**
 * node-redis follows MOVED for single commands but not inside a MULTI (the slot moved to
 * another master since it last looked): a plain read of the key makes it re-learn the slot
 * map, then the MULTI goes again. A dead master (a client built with disableOfflineQueue
 * fails at once) makes it re-read the map from a live one. Up to 3 times, the last after
 * 200 ms (a slot mid-migration, a failover in progress).
 */
async function withRedirects<T>(cluster: Cluster, key: string, send: () => Promise<T>): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await send();
		} catch (err) {
			const msg = (err as Error)?.message ?? '';
			if (attempt >= 3 || !(REDIRECTED.test(msg) || OFFLINE.test(msg))) throw err;
			if (OFFLINE.test(msg)) await refreshRouting(cluster).catch(() => false);
			else await cluster.exists(key).catch(() => {});
			if (attempt) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
		}
	}
}

/**
 * A stand-in for `client.multi()` on a cluster: records every call (the first argument of each
 * is its key, as with every command the contract uses), and on exec runs one MULTI per slot.
 */
export function slotBatch(cluster: Cluster): Multi {
	const calls: Call[] = [];
	const run = async (pipeline: boolean): Promise<unknown[]> => {
		const replies = new Array<unknown>(calls.length);
		const groups = groupBySlot(
			calls.map((c) => {
				if (typeof c.args[0] !== 'string')
					throw new Error(`slot batch: ${c.method} has no key to route by`);
				return c.args[0];
			})
		);
		await Promise.all(
			[...groups.values()].map(async (idx) => {
				const send = async () => {
					// one command is atomic by itself: no MULTI/EXEC around it (a third of the commands)
					if (idx.length === 1) {
						const c = calls[idx[0]!]!;
						return [
							await (cluster as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
								c.method
							]!(...c.args)
						];
					}
					const m = cluster.multi() as unknown as Record<string, (...a: unknown[]) => unknown> & {
						exec(): Promise<unknown[]>;
						execAsPipeline(): Promise<unknown[]>;
					};
					for (const i of idx) m[calls[i]!.method]!(...calls[i]!.args);
					return pipeline ? m.execAsPipeline() : m.exec();
				};
				const out = await withRedirects(cluster, calls[idx[0]!]!.args[0] as string, send);
				idx.forEach((i, j) => (replies[i] = out[j]));
			})
		);
		return replies;
	};
	const batch: Multi = new Proxy({} as Multi, {
		get(_t, prop) {
			if (prop === 'exec') return () => run(false);
			if (prop === 'execAsPipeline') return () => run(true);
			if (prop === 'then') return undefined; // not a thenable
			return (...args: unknown[]) => {
				calls.push({ method: String(prop), args });
				return batch;
			};
		}
	});
	return batch;
}
