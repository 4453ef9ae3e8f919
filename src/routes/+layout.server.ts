import { sessionInfo } from '$lib/server/auth/session-info';

/** Only non-secret display settings and the session's public side go to the browser. */
export function load({ locals }) {
	const { config, auth } = locals.rt;
	return {
		enableExports: config.enableExports,
		theme: config.theme,
		/** the dashboard's zone (TIMEZONE or TIMEZONE_OFFSET): the default of every time display */
		zone: config.timezone,
		maxDataPoints: config.maxDataPoints,
		session: sessionInfo(auth, locals.session)
	};
}
