import { sessionInfo } from '$lib/server/auth/session-info';
import { zoneLabel } from '$lib/shared/time';

/** Only non-secret display settings and the session's public side go to the browser. */
export function load({ locals }) {
	const { config, auth } = locals.rt;
	return {
		enableExports: config.enableExports,
		theme: config.theme,
		timezoneOffset: config.timezoneOffset,
		zone: zoneLabel(config.timezoneOffset),
		maxDataPoints: config.maxDataPoints,
		session: sessionInfo(auth, locals.session)
	};
}
