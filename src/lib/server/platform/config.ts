// The only module that reads process.env. Parsed once; a bad value stops the process with
// a message that names the variable, what it got and what it wants.

import { parseRetention, type TierName } from '../history/tiers.ts';
import { fixedZone, isZone, type Zone } from '../../shared/time.ts';
import {
	bool,
	ConfigError,
	fail,
	list,
	number,
	oneOf,
	optionalUrl,
	secret,
	type Env
} from './env.ts';
import { parseOidc, type OidcConfig } from './oidc-config.ts';

export interface Config {
	redisUrl: string;
	/** REDIS_URL was given (demo mode starts a private redis-server only when it was not) */
	redisUrlGiven: boolean;
	/** REDIS_URL is one node of a Redis Cluster (the others are discovered) */
	redisCluster: boolean;
	/** full reconcile period (the original's REFRESH_INTERVAL, seconds) in ms */
	reconcileMs: number;
	theme: 'dark' | 'light';
	enableExports: boolean;
	enableAlerts: boolean;
	/** the rollup writer and /api/history (ENABLE_HISTORY) */
	enableHistory: boolean;
	/** CONFIG_FILE: the configuration as code (YAML or JSON), applied at start and on SIGHUP */
	configFile: string | null;
	/** retention per history tier (HISTORY_RETENTION="10s=6h,1m=8d,5m=30d,1h=400d", any subset) */
	historyRetention: Partial<Record<TierName, number>>;
	maxDataPoints: number;
	/**
	 * The dashboard's zone (TIMEZONE, an IANA name, or TIMEZONE_OFFSET, a fixed offset): "today",
	 * day and month boundaries, spend dates, per-day and per-hour figures, the heatmap
	 */
	timezone: Zone;
	port: number;
	host: string;
	/** Host headers answered besides loopback names (DNS rebinding); '*' for any */
	allowedHosts: string[];
	/** under sustained writes, at most one flush per this many ms */
	flushIntervalMs: number;
	/** one trend point per this many ms */
	trendIntervalMs: number;
	logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
	/** write logs to stdout (the demo turns it off: its terminal shows a banner, the file the logs) */
	logStdout: boolean;
	/** also write logs to a size-rotated file under logDir */
	logFile: boolean;
	logDir: string;
	logFileMaxBytes: number;
	logFileKeep: number;
	/** host and Redis figures for the System Health page, sampled while someone watches */
	systemSampleMs: number;
	/** per-user/per-model keys: SCAN and re-read this often (they are too many for every reconcile) */
	entityReconcileMs: number;
	/** cache contents (SCAN counts, TTL/age sample) while the Cache page is open */
	cacheSampleMs: number;
	/** the gateway counts as silent after this long without a write */
	gatewayStaleMs: number;
	/** 'redis-streams' with several nodes: cross-node broadcasts and connection-state recovery */
	socketAdapter: 'local' | 'redis-streams';
	alerts: AlertChannelsConfig;
	auth: AuthConfig;
}

export interface AuthConfig {
	/** HMAC key for session cookies; null: one is made once and kept in Redis (shared by nodes) */
	sessionSecret: string | null;
	sessionMs: number;
	/** NOC wall sessions opened with a display token */
	displaySessionMs: number;
	/** with no accounts, refuse to listen beyond loopback (PROTECTED_MODE=false turns it off) */
	protectedMode: boolean;
	/** auto: sign-in stays required once accounts were seen (remembered in DATA_DIR); true: always; false: open when there are none */
	authRequired: 'auto' | 'true' | 'false';
	/** where the dashboard remembers what must survive losing Redis's keyspace */
	dataDir: string;
	loginMaxAttempts: number;
	lockoutMs: number;
	/** Secure cookie attribute: 'auto' sets it when a proxy says X-Forwarded-Proto: https */
	cookieSecure: 'auto' | 'true' | 'false';
	auditMaxEntries: number;
	/** name-and-password sign-in (LOCAL_SIGNIN); off only with single sign-on configured */
	localSignIn: boolean;
	/** single sign-on (OIDC_*), or null */
	oidc: OidcConfig | null;
}

export interface AlertChannelsConfig {
	webhookUrl: string | null;
	/** HMAC-SHA256 key for the X-Helix-Signature header */
	webhookSecret: string | null;
	slackWebhookUrl: string | null;
	/** smtp://user:pass@host:port or smtps://… */
	smtpUrl: string | null;
	emailFrom: string;
	emailTo: string[];
	timeoutMs: number;
	retries: number;
	/** JSON file of extra rules, loaded at start */
	rulesFile: string | null;
}

function redisUrl(env: Env): string {
	const raw = env.REDIS_URL?.trim() || 'redis://localhost:6379';
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return fail('REDIS_URL', raw, 'a URL like redis://host:6379/0');
	}
	if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
		fail('REDIS_URL', raw, 'a redis:// or rediss:// URL');
	const db = url.pathname.replace(/^\//, '');
	if (db !== '' && !/^\d{1,2}$/.test(db))
		fail('REDIS_URL', raw, 'a URL whose path is a database number, like /0');
	return raw;
}

/** TIMEZONE (IANA) or TIMEZONE_OFFSET (hours, a fixed zone); not both: they would disagree. */
function timezone(env: Env): Zone {
	const name = env.TIMEZONE?.trim();
	const offset = env.TIMEZONE_OFFSET?.trim();
	if (name && offset)
		throw new ConfigError(
			`TIMEZONE ("${name}") and TIMEZONE_OFFSET ("${offset}") are both set; set only one (TIMEZONE follows daylight saving time, TIMEZONE_OFFSET is a fixed offset)`
		);
	if (name) {
		if (!isZone(name))
			fail('TIMEZONE', name, 'an IANA time zone name like Europe/Berlin, America/New_York or UTC');
		return name;
	}
	return fixedZone(number(env, 'TIMEZONE_OFFSET', 0, -12, 14, false));
}

function historyRetention(env: Env): Partial<Record<TierName, number>> {
	const raw = env.HISTORY_RETENTION?.trim();
	if (!raw) return {};
	try {
		return parseRetention(raw);
	} catch (err) {
		return fail(
			'HISTORY_RETENTION',
			raw,
			`tier=duration entries, e.g. 1m=8d,1h=400d: ${(err as Error).message}`
		);
	}
}

function redisCluster(env: Env): boolean {
	const on = bool(env, 'REDIS_CLUSTER', false);
	// a cluster has database 0 only
	if (on && redisDb(redisUrl(env)) !== 0)
		fail(
			'REDIS_URL',
			env.REDIS_URL!.trim(),
			'a URL without a database number (a Redis Cluster has database 0 only) when REDIS_CLUSTER=true'
		);
	return on;
}

/** Which ways in: passwords can be switched off only where single sign-on is the other way. */
function signIn(env: Env): Pick<AuthConfig, 'localSignIn' | 'oidc'> {
	const oidc = parseOidc(env);
	const localSignIn = bool(env, 'LOCAL_SIGNIN', true);
	if (!localSignIn && !oidc)
		throw new ConfigError(
			'LOCAL_SIGNIN=false needs single sign-on (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_REDIRECT_URL, OIDC_ROLE_MAP): otherwise nobody could sign in'
		);
	return { localSignIn, oidc };
}

export function parseConfig(env: Env): Config {
	return {
		redisUrl: redisUrl(env),
		redisUrlGiven: Boolean(env.REDIS_URL?.trim()),
		redisCluster: redisCluster(env),
		reconcileMs: number(env, 'REFRESH_INTERVAL', 5, 0.5, 3600, false) * 1000,
		theme: oneOf(env, 'THEME', 'dark', ['dark', 'light'] as const),
		enableExports: bool(env, 'ENABLE_EXPORTS', true),
		enableAlerts: bool(env, 'ENABLE_ALERTS', true),
		enableHistory: bool(env, 'ENABLE_HISTORY', true),
		configFile: env.CONFIG_FILE?.trim() || null,
		historyRetention: historyRetention(env),
		maxDataPoints: number(env, 'MAX_DATA_POINTS', 1000, 10, 100_000, true),
		timezone: timezone(env),
		port: number(env, 'PORT', 8501, 0, 65_535, true),
		host: env.HOST?.trim() || '127.0.0.1',
		allowedHosts: list(env, 'ALLOWED_HOSTS'),
		flushIntervalMs: number(env, 'FLUSH_INTERVAL_MS', 20, 1, 1000, true),
		trendIntervalMs: number(env, 'TREND_INTERVAL_MS', 1000, 100, 60_000, true),
		logLevel: oneOf(env, 'LOG_LEVEL', 'info', [
			'fatal',
			'error',
			'warn',
			'info',
			'debug',
			'trace',
			'silent'
		] as const),
		logStdout: bool(env, 'LOG_STDOUT', true),
		logFile: bool(env, 'LOG_FILE', true),
		logDir: env.LOG_DIR?.trim() || 'logs',
		logFileMaxBytes: number(env, 'LOG_FILE_MAX_MB', 10, 1, 10_000, false) * 1024 * 1024,
		logFileKeep: number(env, 'LOG_FILE_KEEP', 5, 0, 100, true),
		systemSampleMs: number(env, 'SYSTEM_SAMPLE_MS', 2000, 250, 60_000, true),
		cacheSampleMs: number(env, 'CACHE_SAMPLE_MS', 10_000, 500, 3_600_000, true),
		entityReconcileMs: number(env, 'ENTITY_RECONCILE_INTERVAL', 60, 1, 86_400, false) * 1000,
		gatewayStaleMs: number(env, 'GATEWAY_STALE_AFTER', 300, 1, 86_400 * 7, false) * 1000,
		socketAdapter: oneOf(env, 'SOCKET_ADAPTER', 'local', ['local', 'redis-streams'] as const),
		alerts: {
			webhookUrl: optionalUrl(env, 'ALERT_WEBHOOK_URL', ['http:', 'https:']),
			webhookSecret: env.ALERT_WEBHOOK_SECRET?.trim() || null,
			slackWebhookUrl: optionalUrl(env, 'ALERT_SLACK_WEBHOOK_URL', ['http:', 'https:']),
			smtpUrl: optionalUrl(env, 'ALERT_SMTP_URL', ['smtp:', 'smtps:']),
			emailFrom: env.ALERT_EMAIL_FROM?.trim() || 'helix-dashboard@localhost',
			emailTo: (env.ALERT_EMAIL_TO ?? '')
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean),
			timeoutMs: number(env, 'ALERT_TIMEOUT_MS', 5000, 100, 60_000, true),
			retries: number(env, 'ALERT_RETRIES', 3, 0, 10, true),
			rulesFile: env.ALERT_RULES_FILE?.trim() || null
		},
		auth: {
			sessionSecret: secret(env, 'SESSION_SECRET'),
			sessionMs: number(env, 'SESSION_HOURS', 12, 0.05, 24 * 90, false) * 3_600_000,
			displaySessionMs: number(env, 'DISPLAY_SESSION_DAYS', 30, 1, 3650, false) * 86_400_000,
			protectedMode: bool(env, 'PROTECTED_MODE', true),
			authRequired: oneOf(env, 'AUTH_REQUIRED', 'auto', ['auto', 'true', 'false'] as const),
			dataDir: env.DATA_DIR?.trim() || 'data',
			loginMaxAttempts: number(env, 'LOGIN_MAX_ATTEMPTS', 5, 1, 1000, true),
			lockoutMs: number(env, 'LOGIN_LOCKOUT_MINUTES', 15, 0.1, 24 * 60, false) * 60_000,
			cookieSecure: oneOf(env, 'COOKIE_SECURE', 'auto', ['auto', 'true', 'false'] as const),
			auditMaxEntries: number(env, 'AUDIT_MAX_ENTRIES', 100_000, 100, 10_000_000, true),
			...signIn(env)
		}
	};
}

/** The Redis logical database in REDIS_URL (keyspace channels are per database). */
export function redisDb(url: string): number {
	const db = new URL(url).pathname.replace(/^\//, '');
	return db === '' ? 0 : Number(db);
}

let cached: Config | undefined;

/**
 * The process's config, parsed from process.env on first use. `overrides` (scripts, tests,
 * the bench) replace environment variables by name and bypass the cache.
 */
export function loadConfig(overrides?: Record<string, string>): Config {
	if (overrides) return parseConfig({ ...process.env, ...overrides });
	cached ??= parseConfig(process.env);
	return cached;
}

export { ConfigError };
