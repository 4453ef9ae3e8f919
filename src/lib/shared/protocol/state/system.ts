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
