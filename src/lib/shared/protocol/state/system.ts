// The System Health room: host, Redis, this process, services and the log tail.

export interface HostSample {
	at: number;
	cpu: { totalPct: number; perCorePct: number[] };
	memory: { totalBytes: number; usedBytes: number; pct: number };
	disks: {
		mount: string;
		fs: string;
		type: string;
		sizeBytes: number;
		usedBytes: number;
		pct: number;
	}[];
	/** bytes/s summed over interfaces other than loopback; null on the first sample */
	network: {
		rxBps: number | null;
		txBps: number | null;
		ifaces: { iface: string; rxBps: number | null; txBps: number | null }[];
	};
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
	/** when what the detail tells happened (shown after it, in the browser's chosen zone) */
	at?: number;
}

export type LevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** One line of this process's log, as the System Health tail shows it (already redacted). */
export interface LogLine {
	time: string;
	level: LevelName;
	module: string;
	msg: string;
	/** the other fields, redacted */
	fields: Record<string, unknown>;
}

/** Warnings and errors grouped by fingerprint (numbers and ids stripped). */
export interface ErrorGroup {
	fingerprint: string;
	level: LevelName;
	module: string;
	msg: string;
	/** a redacted example of the detail */
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
		tail: LogLine[];
		byLevel: Partial<Record<LevelName, number>>;
		byModule: Record<string, number>;
		errors: ErrorGroup[];
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
