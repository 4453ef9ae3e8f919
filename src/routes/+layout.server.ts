import { loadConfig } from '$lib/server/config';
import { zoneLabel } from '$lib/shared/time';

/** Only non-secret display settings go to the browser. */
export function load() {
	const c = loadConfig();
	return {
		theme: c.theme,
		timezoneOffset: c.timezoneOffset,
		zone: zoneLabel(c.timezoneOffset),
		maxDataPoints: c.maxDataPoints
	};
}
