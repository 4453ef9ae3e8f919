// The header search's index: every model, user and team id cut into tokens (the whole id and
// each part after / : . _ - @ or a space), lowercased and sorted, so a query is a binary search
// for the first token with its prefix and a walk over the matches — O(log n + results), never
// a scan of 200,000 ids per keystroke. Models and teams (a few hundred) are rebuilt when one
// appears or goes. Users are not rebuilt per new user (at 200,000 users a rebuild is an
// O(n log n) stall, and users appear all the time): the ids that appeared or went since the
// build are kept aside ("touched", at most MAX_TOUCHED) and a query merges their tokens into
// its walk in token order — the answer is a rebuild's; past MAX_TOUCHED the next query rebuilds.
import { SEARCH_RESULTS, type EntitySearchAnswer } from '../../shared/protocol/search.ts';
import type { Store } from '../pipeline/store.ts';
import { redactText } from '../security/pii/redact.ts';

type Kind = 'models' | 'users' | 'teams';
/** tokens of one kind: parallel arrays, sorted by token */
interface Tokens {
	token: string[];
	id: string[];
}

/** matches one kind walks at most before it stops (a one-letter query over 200,000 users) */
const MAX_WALK = 2_000;
/** user ids set aside since the users' tokens were built; one more and the next query rebuilds
 * (each query checks every touched id: O(MAX_TOUCHED) at most, against a rebuild's O(n log n)) */
export const MAX_TOUCHED = 5_000;

const byToken = (a: [string, string], b: [string, string]) =>
	a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;

/** the (token, id) pairs of one id: the whole id and each part after a separator */
function pairsOf(id: string, out: [string, string][]): void {
	const low = id.toLowerCase().slice(0, 200);
	out.push([low, id]);
	for (const part of low.split(/[/:._@\s-]+/).slice(1, 8)) if (part) out.push([part, id]);
}

function tokensOf(ids: Iterable<string>): Tokens {
	const pairs: [string, string][] = [];
	for (const id of ids) pairsOf(id, pairs);
	pairs.sort(byToken);
	return { token: pairs.map((p) => p[0]), id: pairs.map((p) => p[1]) };
}

function lowerBound(a: string[], q: string): number {
	let lo = 0;
	let hi = a.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (a[mid]! < q) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

export class EntityIndex {
	#kinds: Partial<Record<Kind, Tokens>> = {};
	#modelsAt = -1;
	#teamsAt = -1;
	/** user ids that may have appeared or gone since the users' tokens were built, each with its
	 * (token, id) pairs once a query needed them (an id's tokens never change); null: rebuild */
	#touched: Map<string, [string, string][] | undefined> | null = null;
	/** builds of the users' tokens (the costly one) */
	builds = 0;
	readonly close: () => void;

	constructor(private readonly store: Store) {
		this.close = store.entities.onUserTouched((u) => {
			if (!this.#touched || this.#touched.has(u)) return;
			this.#touched.set(u, undefined);
			if (this.#touched.size > MAX_TOUCHED) this.#touched = null;
		});
	}

	#index(): Record<Kind, Tokens> {
		const e = this.store.entities;
		const k = this.#kinds;
		if (!k.users || !this.#touched) {
			k.users = tokensOf(new Set([...e.users.keys(), ...e.teams.keys()]));
			this.#touched = new Map();
			this.builds++;
		}
		if (!k.models || this.#modelsAt !== e.modelsVersion) {
			k.models = tokensOf(e.models.keys());
			this.#modelsAt = e.modelsVersion;
		}
		if (!k.teams || this.#teamsAt !== e.teamsVersion) {
			k.teams = tokensOf(new Set(e.teams.values()));
			this.#teamsAt = e.teamsVersion;
		}
		return k as Record<Kind, Tokens>;
	}

	/** the touched users still present, as (token, id) pairs starting with `q`, in token order */
	#touchedMatches(q: string): [string, string][] {
		const e = this.store.entities;
		const out: [string, string][] = [];
		for (const [id, cached] of this.#touched ?? []) {
			if (!e.users.has(id) && !e.teams.has(id)) continue;
			let pairs = cached;
			if (!pairs) {
				pairsOf(id, (pairs = []));
				this.#touched!.set(id, pairs);
			}
			for (const p of pairs) if (p[0].startsWith(q)) out.push(p);
		}
		return out.sort(byToken);
	}

	/**
	 * Ids with a token starting with `q`, SEARCH_RESULTS per kind, redacted ids left out (they
	 * name nobody). `teams`: a team-limited account sees its teams' users and teams, no models.
	 */
	search(q: string, teams: readonly string[] | null): EntitySearchAnswer {
		const idx = this.#index();
		const query = q.toLowerCase();
		const e = this.store.entities;
		let more = false;
		const find = (kind: Kind, allowed: (id: string) => boolean): string[] => {
			const t = idx[kind];
			const out = new Set<string>();
			// users: the built tokens without the touched ids, merged in token order with the
			// touched ids that are still there
			const skip = kind === 'users' ? this.#touched : null;
			const extra = skip?.size ? this.#touchedMatches(query) : [];
			let i = lowerBound(t.token, query);
			let j = 0;
			for (let walked = 0; walked < MAX_WALK; walked++) {
				while (i < t.token.length && t.token[i]!.startsWith(query) && skip?.has(t.id[i]!)) i++;
				const inBase = i < t.token.length && t.token[i]!.startsWith(query);
				const fromExtra = j < extra.length && (!inBase || extra[j]![0] < t.token[i]!);
				if (!inBase && !fromExtra) break;
				const id = fromExtra ? extra[j++]![1] : t.id[i++]!;
				if (out.has(id) || !allowed(id) || redactText(id) !== id) continue;
				if (out.size === SEARCH_RESULTS) {
					more = true;
					break;
				}
				out.add(id);
			}
			return [...out].sort();
		};
		return {
			models: teams ? [] : find('models', () => true),
			users: find('users', (u) => !teams || teams.includes(e.teams.get(u) ?? '')),
			teams: find('teams', (t) => !teams || teams.includes(t)),
			more
		};
	}
}
