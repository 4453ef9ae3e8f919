// Tiny --flag value parser for the scripts; a bad value exits with a message naming the flag.
export function numberFlag(
	argv: string[],
	name: string,
	def: number,
	min: number,
	max: number
): number {
	const i = argv.indexOf(`--${name}`);
	if (i === -1) return def;
	const raw = argv[i + 1];
	const n = Number(raw);
	if (raw === undefined || !Number.isFinite(n) || n < min || n > max) {
		console.error(
			`Invalid value for --${name}: "${raw ?? ''}" (should be a number from ${min} to ${max})`
		);
		process.exit(2);
	}
	return n;
}
