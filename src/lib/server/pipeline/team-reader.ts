// helix:user:team's reader: whole while it is small, in HSCAN steps once it is large.
import type { Reader } from './read-step.ts';
import type { Store } from './store.ts';

/** helix:user:team above this many entries is read in HSCAN steps, not with HGETALL */
export const TEAM_FULL_READ_MAX = 20_000;
/** entries one step reads (one flush applies one step). 5,000 a step took ~18 ms with its GC at
 * 200,000 users — the server's longest loop blocks; 1,000 keep a step to a few ms */
const TEAM_SCAN_COUNT = 1_000;
/** a large map's scans start at most this often (the gateway HSETs it on every request) */
const TEAM_RESCAN_MS = 5_000;

/** A scan of a large helix:user:team in progress (per store). */
interface TeamScan {
	cursor: string | null;
	/** this scan's number */
	gen: number;
	/**
	 * user → the last scan that saw it, kept across scans and updated in place: a fresh Set of
	 * 200,000 ids per scan lived for the seconds a scan takes, so it and its ids were promoted
	 * and then garbage — with the scan's replies, about a third of the old space the server
	 * filled at 200,000 users and 1,000 req/s. Updating an existing entry keeps its old key
	 * string, so the reply's ids die young.
	 */
	seenIn: Map<string, number>;
	doneAt: number;
}
const scans = new WeakMap<Store, TeamScan>();

/**
 * helix:user:team, user -> team; ids and names are capped in length (untrusted). Up to
 * TEAM_FULL_READ_MAX entries: HGETALL on each change. Larger (200,000 users, written on every
 * request): an HSCAN step per flush (`more` queues the next), each step's teams applied as it
 * comes, users the whole scan did not see dropped at its end, and a new scan at most every
 * TEAM_RESCAN_MS — a change shows within that (or the next reconcile), and no flush parses
 * 200,000 fields.
 */
export const userTeams: Reader = async (client, key, store) => {
	let scan = scans.get(store);
	if (!scan)
		scans.set(store, (scan = { cursor: null, gen: 0, seenIn: new Map(), doneAt: -Infinity }));
	if (scan.cursor === null) {
		if ((await client.hLen(key)) <= TEAM_FULL_READ_MAX) {
			scan.seenIn.clear();
			const map = await client.hGetAll(key);
			return (store) => {
				const clean: Record<string, string> = {};
				for (const [u, t] of Object.entries(map)) if (t) clean[u.slice(0, 200)] = t.slice(0, 100);
				return { changed: store.entities.setTeams(clean) };
			};
		}
		if (performance.now() - scan.doneAt < TEAM_RESCAN_MS) return () => ({ changed: false });
		scan.cursor = '0';
		scan.gen++;
	}
	const step = scan;
	const reply = await client.hScan(key, step.cursor!, { COUNT: TEAM_SCAN_COUNT });
	return (store) => {
		const entries: [string, string][] = [];
		for (const { field, value } of reply.entries) {
			if (!value) continue;
			const u = field.slice(0, 200);
			entries.push([u, value.slice(0, 100)]);
			step.seenIn.set(u, step.gen);
		}
		let changed = store.entities.patchTeams(entries);
		if (reply.cursor !== '0') {
			step.cursor = reply.cursor;
			return { changed, more: true };
		}
		const gen = step.gen;
		// one pass over the teams: a user this scan did not see leaves both (every user in
		// seenIn is in the teams, so no second pass over seenIn is needed)
		const seen = (u: string) => {
			if (step.seenIn.get(u) === gen) return true;
			step.seenIn.delete(u);
			return false;
		};
		changed = store.entities.dropTeamsExcept({ has: seen }) || changed;
		step.cursor = null;
		step.doneAt = performance.now();
		return { changed };
	};
};
