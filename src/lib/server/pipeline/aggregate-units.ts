// What the user aggregates (day-aggregates.ts) count in and how far: the rooms that read
// them use the same units.

/** the longest range and the growth chart's days (the heatmap's 84 are inside) */
export const WINDOW = 90;
/** the Cost room lists the top 100 users by spend; the Users room the first 50 of them */
export const TOP_BY_SPEND = 100;
export const TOP_BY_REQUESTS = 50;

/**
 * Spend summed across users is summed in nano-dollars (the recorder rounds a request's cost to
 * 1e-9): integers, so adding and removing a user's share leaves no float residue and a total
 * kept for weeks equals a fresh sum exactly — up to $9,007,199 a sum (2^53 nano-dollars); above
 * that the sum is still a double, good to a few nano-dollars.
 */
export const NANO = 1_000_000_000;
export const nano = (usd: number): number => Math.round(usd * NANO);
