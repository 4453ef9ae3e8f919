// Readers of one environment variable each, for config.ts (the only module that reads the
// environment itself): a bad value throws a ConfigError that names the variable and what it should
// be, never echoing a secret or a URL's credentials.
export function optionalUrl(env: Env, name: string, protocols: string[]): string | null {
	const raw = env[name]?.trim();
	if (!raw) return null;
	let u: URL;
	try {
		u = new URL(raw);
	} catch {
		return fail(name, raw.replace(/\/\/[^@]*@/, '//***@'), `a URL (${protocols.join(' or ')})`);
	}
	if (!protocols.includes(u.protocol))
		fail(name, raw.replace(/\/\/[^@]*@/, '//***@'), `a ${protocols.join(' or ')} URL`);
	return raw;
}

export class ConfigError extends Error {
	override name = 'ConfigError';
}

export type Env = Record<string, string | undefined>;

export function fail(name: string, raw: string, want: string): never {
	throw new ConfigError(
		`Invalid value for environment variable ${name}: "${raw}" (should be ${want})`
	);
}

export function number(
	env: Env,
	name: string,
	def: number,
	min: number,
	max: number,
	integer: boolean
): number {
	const raw = env[name];
	if (raw === undefined || raw.trim() === '') return def;
	const n = Number(raw);
	const want = `${integer ? 'an integer' : 'a number'} from ${min} to ${max}`;
	if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max)
		fail(name, raw, want);
	return n;
}

export function bool(env: Env, name: string, def: boolean): boolean {
	const raw = env[name];
	if (raw === undefined || raw.trim() === '') return def;
	const v = raw.trim().toLowerCase();
	if (['true', '1', 'yes', 'on'].includes(v)) return true;
	if (['false', '0', 'no', 'off'].includes(v)) return false;
	return fail(name, raw, 'true or false');
}

export function oneOf<T extends string>(env: Env, name: string, def: T, allowed: readonly T[]): T {
	const raw = env[name];
	if (raw === undefined || raw.trim() === '') return def;
	const v = raw.trim().toLowerCase() as T;
	if (!allowed.includes(v)) fail(name, raw, `one of ${allowed.join(', ')}`);
	return v;
}

/** A comma-separated list (empty entries dropped). */
export function list(env: Env, name: string): string[] {
	return (env[name] ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
}

export function secret(env: Env, name: string): string | null {
	const raw = env[name]?.trim();
	if (!raw) return null;
	// the value itself never goes into the message
	if (raw.length < 32)
		throw new ConfigError(
			`Invalid value for environment variable ${name}: ${raw.length} characters (should be at least 32 random characters)`
		);
	return raw;
}
