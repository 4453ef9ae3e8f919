// What the user aggregates (day-aggregates.ts) count in and how far: the rooms that read
// them use the same units.

/** the longest range and the growth chart's days (the heatmap's 84 are inside) */
export const WINDOW = 90;
/** the Cost room lists the top 100 users by spend; the Users room the first 50 of them */
export const TOP_BY_SPEND = 100;
export const TOP_BY_REQUESTS = 50;

/**
 * Spend summed across users is summed in micro-dollars: integers, so adding and removing a
 * user's share leaves no float residue and a total kept for weeks equals a fresh sum exactly.
 */
export const MICRO = 1_000_000;
export const micro = (usd: number): number => Math.round(usd * MICRO);
