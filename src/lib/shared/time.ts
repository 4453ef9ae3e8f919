// Dates in the dashboard's zone. The gateway writes spend under its own local date
// (YYYY-MM-DD); the dashboard reads "today" as the date at UTC + TIMEZONE_OFFSET hours,
// which must match the gateway's zone for "spend today" to be right (docs/data-contract.md).

export interface Clock {
	now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** YYYY-MM-DD of the instant `ms` in a zone `offsetHours` east of UTC. */
export function dateInZone(ms: number, offsetHours: number): string {
	return new Date(ms + offsetHours * 3_600_000).toISOString().slice(0, 10);
}

/** "UTC", "UTC+5:30", "UTC-8" — the label every time axis carries. */
export function zoneLabel(offsetHours: number): string {
	if (offsetHours === 0) return 'UTC';
	const sign = offsetHours > 0 ? '+' : '-';
	const abs = Math.abs(offsetHours);
	const h = Math.floor(abs);
	const m = Math.round((abs - h) * 60);
	return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}
