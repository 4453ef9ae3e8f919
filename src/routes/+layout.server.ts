import { sessionInfo } from '$lib/server/auth/session-info';

/** Only non-secret display settings and the session's public side go to the browser. */
export function load({ locals }) {
	const { config, auth } = locals.rt;
	const principal = locals.session?.principal ?? null;
	return {
		/** what the server knows now, so the first paint shows it (the socket takes over) */
		health: principal ? locals.rt.health() : null,
		alerts: locals.rt.snapshotFor('alerts', principal)?.state ?? null,
		enableExports: config.enableExports,
		theme: config.theme,
		/** the dashboard's zone (TIMEZONE or TIMEZONE_OFFSET): the default of every time display */
		zone: config.timezone,
		maxDataPoints: config.maxDataPoints,
		session: sessionInfo(auth, locals.session)
	};
}
