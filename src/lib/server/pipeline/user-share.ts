// One user's share of the day aggregates (pipeline/day-aggregates.ts): the user's team and
// its 7/30/90-day spend, requests and hits, as added, so that a change takes out exactly
// what went in.
import { RANGES } from '../../shared/protocol/state/cost.ts';

const R = RANGES.length;
/**
 * The template every share's figures are copied from: one plain array of doubles per user —
 * spend at r, requests at R + r, hits at 2R + r — instead of three (200,000 users: 400,000
 * arrays fewer; a heap snapshot under load went 302 → 280 MB). Made from a double so that
 * the copies start as double arrays and never change their element kind (a reallocation) on
 * the first amount. Not a typed array: each small one carries an off-heap buffer the GC
 * tracks.
 */
const ZEROS: readonly number[] = Array.from({ length: 3 * R }, () => 0.5).fill(0);

export class Share {
	readonly #v = ZEROS.slice();

	constructor(public team: string | null) {}

	spend(r: number): number {
		return this.#v[r]!;
	}
	requests(r: number): number {
		return this.#v[R + r]!;
	}
	hits(r: number): number {
		return this.#v[2 * R + r]!;
	}
	setSpend(r: number, usd: number): void {
		this.#v[r] = usd;
	}
	setRequests(r: number, n: number): void {
		this.#v[R + r] = n;
	}
	setHits(r: number, n: number): void {
		this.#v[2 * R + r] = n;
	}
}
