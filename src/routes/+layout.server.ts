import { sessionInfo } from '$lib/server/auth/session-info';
import { loadConfig } from '$lib/server/config';
import { getRealtime } from '$lib/server/registry';
import { zoneLabel } from '$lib/shared/time';

/** Only non-secret display settings and the session's public side go to the browser. */
export function load({ locals }) {
	const rt = getRealtime();
	const c = rt?.config ?? loadConfig();
	return {
		enableExports: c.enableExports,
		theme: c.theme,
		timezoneOffset: c.timezoneOffset,
		zone: zoneLabel(c.timezoneOffset),
		maxDataPoints: c.maxDataPoints,
		session: rt ? sessionInfo(rt, locals.session) : { principal: null, authRequired: true, csrf: null }
	};
}
