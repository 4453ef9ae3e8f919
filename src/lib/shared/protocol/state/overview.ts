// The Overview room: headline figures, latency, data problems and the trend point.

/** Something wrong with what is in Redis: named by key, never silently dropped. */
export interface DataProblem {
	key: string;
	message: string;
	/** records skipped for this key since the dashboard started */
	count: number;
	at: number;
}

export type LatencyFigure =
	| {
			source: 'events';
			windowS: number;
			samples: number;
			p50Ms: number;
			p95Ms: number;
			p99Ms: number;
	  }
	/** only helix:latency:p99 exists: it is the all-time maximum, in seconds */
	| { source: 'max'; maxMs: number };

/**
 * The golden signals over the event window (the last 15 minutes of helix:events), from the
 * entries' optional fields: null figures where no entry records them (a gap, not a zero).
 */
export interface GoldenFigure {
	minutes: number;
	/** entries in the window */
	requests: number;
	/** entries that record a status, and those with status error */
	withStatus: number;
	errors: number;
	errorRate: number | null;
	ttftP95Ms: number | null;
	ttftSamples: number;
	/** tokens in + out per second over the window's span */
	tokensPerS: number | null;
}

export interface OverviewState {
	requestsTotal: number | null;
	cacheHits: number | null;
	/** cacheHits / requestsTotal, 0..1; null with no requests */
	hitRate: number | null;
	/** all-time USD saved by cache hits (helix:saved:total); null when the key is absent */
	costSavedUsd: number | null;
	spendTodayUsd: number | null;
	spendTotalUsd: number | null;
	/** the dashboard's "today" (YYYY-MM-DD at UTC + TIMEZONE_OFFSET) */
	today: string;
	latency: LatencyFigure | null;
	/** null until helix:events has entries in the window */
	golden: GoldenFigure | null;
	piiIncidents: number | null;
	/** ms epoch of the last gateway write the dashboard saw */
	lastWriteAt: number | null;
	problems: DataProblem[];
}

export interface TrendPoint {
	t: number;
	/** requests per second over the sample interval */
	reqPerS: number | null;
	/** hit rate of the requests in the sample interval, 0..1 */
	hitRate: number | null;
	/** USD per minute over the sample interval */
	spendPerMin: number | null;
}
