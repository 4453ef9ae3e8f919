// The header search's index: every model, user and team id cut into tokens (the whole id and
// each part after / : . _ - @ or a space), lowercased and sorted, so a query is a binary search
// for the first token with its prefix and a walk over the matches — O(log n + results), never
// a scan of 200,000 ids per keystroke. Rebuilt only when an id appears or goes (the store's
// `membership` counter), not when a figure changes; a rebuild is O(n log n) once.
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

function tokensOf(ids: Iterable<string>): Tokens {
	const pairs: [string, string][] = [];
	for (const id of ids) {
		const low = id.toLowerCase().slice(0, 200);
		pairs.push([low, id]);
		for (const part of low.split(/[/:._@\s-]+/).slice(1, 8)) if (part) pairs.push([part, id]);
	}
	pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
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
	#built = -1;
	#kinds: Record<Kind, Tokens> | null = null;
	builds = 0;

	constructor(private readonly store: Store) {}

	#index(): Record<Kind, Tokens> {
		const e = this.store.entities;
		if (!this.#kinds || this.#built !== e.membership) {
			this.#kinds = {
				models: tokensOf(e.models.keys()),
				users: tokensOf(new Set([...e.users.keys(), ...e.teams.keys()])),
				teams: tokensOf(new Set(e.teams.values()))
			};
			this.#built = e.membership;
			this.builds++;
		}
		return this.#kinds;
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
			for (
				let i = lowerBound(t.token, query), walked = 0;
				i < t.token.length && walked < MAX_WALK && t.token[i]!.startsWith(query);
				i++, walked++
			) {
				const id = t.id[i]!;
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
