import { loadConfig } from '$lib/server/config';
import { getRealtime } from '$lib/server/registry';
import { zoneLabel } from '$lib/shared/time';

/** Only non-secret display settings go to the browser. */
export function load() {
	const c = getRealtime()?.config ?? loadConfig();
	return {
		enableExports: c.enableExports,
		theme: c.theme,
		timezoneOffset: c.timezoneOffset,
		zone: zoneLabel(c.timezoneOffset),
		maxDataPoints: c.maxDataPoints
	};
}
