// State, snapshot and delta shapes shared by server and browser.

export type NotificationsMode = 'on' | 'off' | 'reconcile-only';

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

// ---------------------------------------------------------------- Security

/** A PII incident as it may leave the server: every free-text field already redacted. */
export interface IncidentView {
	id: string;
	userId: string;
	ts: number | null;
	entityType: string;
	/** recorded by the gateway, classified from the text by the detectors, or unknown */
	entitySource: 'recorded' | 'classified' | 'unknown';
	action: string | null;
	/** redacted or blocked; null when the gateway recorded no action */
	handled: boolean | null;
	preview: string;
	fields: Record<string, string>;
}

export interface RegulationRow {
	regulation: 'GDPR' | 'HIPAA' | 'PCI-DSS' | 'CCPA';
	status: 'not applicable' | 'ok' | 'attention';
	relevant: number;
	unhandled: number;
	entityTypes: string[];
	rule: string;
}

export interface SecuritySettings {
	/** incidents per hour above which the rate counts against compliance (and, later, alerts) */
	incidentThresholdPerHour: number;
	notificationMethods: ('email' | 'slack' | 'webhook')[];
}

export interface SecurityState {
	/** newest first, at most 100 */
	feed: IncidentView[];
	total: number;
	listLength: number | null;
	malformed: number;
	lastMalformed: string | null;
	byEntity: { entityType: string; count: number }[];
	/** last 24 hours, oldest first, in the dashboard's zone */
	perHour: { hour: number; count: number }[];
	/** per day with incidents in the list, oldest first */
	perDay: { date: string; count: number; score: number | null }[];
	lastHourCount: number;
	compliance: { score: number | null; handledShare: number | null; rateFactor: number; highRiskUnhandledShare: number | null };
	regulations: RegulationRow[];
	settings: SecuritySettings;
}

// ---------------------------------------------------------------- Cost Analysis and Users

export type RangeDays = 7 | 30 | 90;
export const RANGES: readonly RangeDays[] = [7, 30, 90];

export interface SpendRow {
	name: string;
	spendUsd: number;
	/** of the range's total spend */
	share: number | null;
}

export interface CostRange {
	days: RangeDays;
	totalUsd: number | null;
	savedUsd: number | null;
	models: SpendRow[];
	/** top 100 by spend */
	users: SpendRow[];
	userCount: number;
	teams: SpendRow[];
}

export type BudgetScope = 'gateway' | 'team' | 'user' | 'model';

export interface BudgetView {
	id: string;
	name: string;
	scope: BudgetScope;
	target: string | null;
	monthlyUsd: number;
	thresholds: number[];
	spentUsd: number;
	percent: number;
	projectedUsd: number | null;
	projectedPercent: number | null;
	/** USD per day over the last 7 complete days */
	burnPerDay: number | null;
	/** days until the budget is used up at that rate; 0 when already exceeded, null at no burn */
	daysToExhaustion: number | null;
	exhaustionDate: string | null;
	/** thresholds crossed this month */
	crossed: number[];
}

export interface GroupSummary {
	id: string;
	name: string;
	users: string[];
	spend: Record<RangeDays, number>;
}

export interface CostState {
	today: string;
	month: string;
	daily: { date: string; spendUsd: number; savedUsd: number | null }[];
	hasTotal: boolean;
	todayUsd: number | null;
	mtdUsd: number | null;
	monthEnd: { mean: number; low: number; high: number } | null;
	method: string;
	/** the next 30 days, day by day */
	horizon: { date: string; mean: number; low: number; high: number }[];
	ranges: CostRange[];
	budgets: BudgetView[];
	groups: GroupSummary[];
	teamsKnown: boolean;
}

export interface UserRow {
	user: string;
	team: string | null;
	spendUsd: number;
	requests: number | null;
	hits: number | null;
	hitRate: number | null;
	firstSeen: string | null;
}

export interface TeamRow {
	team: string;
	users: number;
	spendUsd: number;
	requests: number | null;
	hits: number | null;
	hitRate: number | null;
}

export interface ChangeView {
	at: number;
	kind: string;
	action: string;
	name: string;
	who: string;
}

export interface UsersState {
	userCount: number;
	requestsKnown: boolean;
	teamsKnown: boolean;
	ranges: { days: RangeDays; bySpend: UserRow[]; byRequests: UserRow[] | null; teams: TeamRow[] }[];
	growth: { date: string; newUsers: number; activeUsers: number }[];
	heatmap:
		| { source: 'events'; events: number; since: number | null; offsetHours: number; cells: number[][] }
		| { source: 'daily'; weekday: number[] };
	groups: (GroupSummary & { rows: UserRow[] })[];
	changes: ChangeView[];
}

// ---------------------------------------------------------------- Cache Performance

export interface CacheKindContents {
	count: number;
	/** how the count was taken */
	source: string;
	/** entries read for memory, TTL and age */
	sampled: number;
	/** mean MEMORY USAGE of the sample × count */
	memoryBytesEstimate: number | null;
	/** sampled entries per remaining-TTL bucket (labels in CacheContents.buckets) */
	ttl: number[];
	noExpiry: number;
	/** sampled entries per age bucket, where created_at is recorded */
	age: number[];
	ageUnknown: number;
	/** models of the sampled entries that record one */
	sampleModels: { model: string; count: number }[];
}

export interface CacheContents {
	at: number;
	exact: CacheKindContents;
	semantic: CacheKindContents;
	buckets: string[];
	/** Redis expired_keys per second between the last two samples (all keys, not only cache) */
	expiredPerS: number | null;
}

export interface Recommendation {
	id: string;
	title: string;
	detail: string;
	/** the real figures that triggered it */
	figures: { label: string; value: string }[];
}

export interface CacheModelRow {
	model: string;
	requests: number;
	hitRate: number;
	exactRate: number;
	semanticRate: number;
	costUsd: number;
	savedUsd: number;
	/** share of the window's spend */
	spendShare: number | null;
}

export type FlushTarget = 'exact' | 'semantic' | 'model';

export interface FlushStatus {
	id: string;
	target: FlushTarget;
	model: string | null;
	scanned: number;
	deleted: number;
	done: boolean;
	error: string | null;
	startedAt: number;
	finishedAt: number | null;
}

export interface CacheState {
	requestsTotal: number | null;
	cacheHits: number | null;
	hitRate: number | null;
	/** from helix:events over the last `minutes`; null without events */
	window: {
		minutes: number;
		requests: number;
		exact: number;
		semantic: number;
		miss: number;
		hitRate: number | null;
		exactRate: number | null;
		semanticRate: number | null;
	} | null;
	perModel: CacheModelRow[];
	similarity: { threshold: number; from: number; step: number; hits: number[]; nearMisses: number[]; recorded: number } | null;
	contents: CacheContents | null;
	contentsError: string | null;
	sampleMs: number;
	recommendations: Recommendation[];
	flush: FlushStatus | null;
}

export interface CachePoint {
	t: number;
	hitRate: number | null;
	exactRate: number | null;
	semanticRate: number | null;
}

// ---------------------------------------------------------------- System Health

export interface HostSample {
	at: number;
	cpu: { totalPct: number; perCorePct: number[] };
	memory: { totalBytes: number; usedBytes: number; pct: number };
	disks: { mount: string; fs: string; type: string; sizeBytes: number; usedBytes: number; pct: number }[];
	/** bytes/s summed over interfaces other than loopback; null on the first sample */
	network: { rxBps: number | null; txBps: number | null; ifaces: { iface: string; rxBps: number | null; txBps: number | null }[] };
}

export interface RedisStats {
	at: number;
	version: string;
	role: string;
	uptimeS: number;
	connectedClients: number;
	usedMemoryBytes: number;
	/** 0 = no limit */
	maxMemoryBytes: number;
	opsPerS: number;
	keyspaceHits: number;
	keyspaceMisses: number;
	evictedKeys: number;
	expiredKeys: number;
	rttMs: number;
	slowlogLen: number;
	notifyFlags: string;
}

export interface ProcessStats {
	/** p99 event-loop delay since the previous sample */
	eventLoopLagMs: number;
	heapUsedBytes: number;
	rssBytes: number;
	uptimeS: number;
	browsers: number;
}

export type ServiceStatus = 'ok' | 'warn' | 'down' | 'unknown';

export interface ServiceHealth {
	name: string;
	status: ServiceStatus;
	detail: string;
}

export interface LogLineView {
	time: string;
	level: string;
	module: string;
	msg: string;
	fields: Record<string, unknown>;
}

export interface ErrorGroupView {
	fingerprint: string;
	level: string;
	module: string;
	msg: string;
	sample: string;
	count: number;
	firstSeen: string;
	lastSeen: string;
}

export interface SystemState {
	sampleMs: number;
	host: HostSample | null;
	/** why host figures are missing, if they are */
	hostError: string | null;
	redis: RedisStats | null;
	redisError: string | null;
	process: ProcessStats | null;
	services: ServiceHealth[];
	logs: {
		tail: LogLineView[];
		byLevel: Record<string, number>;
		byModule: Record<string, number>;
		errors: ErrorGroupView[];
	};
}

export interface SystemPoint {
	t: number;
	cpuPct: number | null;
	memPct: number | null;
	rxBps: number | null;
	txBps: number | null;
	redisOpsPerS: number | null;
	redisMemBytes: number | null;
	loopLagMs: number | null;
}

/** Every room: its state and the type of one point of its time series. */
export interface Rooms {
	overview: { state: OverviewState; point: TrendPoint };
	system: { state: SystemState; point: SystemPoint };
	security: { state: SecurityState; point: never };
	cache: { state: CacheState; point: CachePoint };
	cost: { state: CostState; point: never };
	users: { state: UsersState; point: never };
}
export type RoomName = keyof Rooms;
export const ROOM_NAMES: readonly RoomName[] = ['overview', 'cost', 'cache', 'security', 'users', 'system'];

export interface Snapshot<R extends RoomName = RoomName> {
	room: R;
	seq: number;
	at: number;
	state: Rooms[R]['state'];
	series: Rooms[R]['point'][];
}

export interface Delta<R extends RoomName = RoomName> {
	room: R;
	/** exactly previous seq + 1; a gap means a lost delta and the client re-snapshots */
	seq: number;
	at: number;
	changes: Partial<Rooms[R]['state']>;
	/** points to append to the series */
	series?: Rooms[R]['point'][];
}

export interface Health {
	status: 'ok' | 'degraded';
	redis: {
		connected: boolean;
		notifications: NotificationsMode;
		/** why notifications are not 'on', or the last connection error */
		detail: string | null;
		reconnects: number;
		/** one Redis, or a Redis Cluster (REDIS_CLUSTER=true) */
		mode: 'standalone' | 'cluster';
		/** servers the dashboard watches: 1, or the cluster's masters */
		nodes: number;
	};
	/** how broadcasts reach browsers on other dashboard nodes (SOCKET_ADAPTER) */
	socketAdapter: 'local' | 'redis-streams';
	gateway: { lastWriteAt: number | null };
	pipeline: {
		flushes: number;
		reconciles: number;
		/** values changed by a reconcile: each one is a lost notification */
		reconcileCorrections: number;
		lastReconcileAt: number | null;
	};
	clients: number;
	uptimeS: number;
	now: number;
}
