import { describe, expect, it } from 'vitest';
import { parseConfig, redisDb } from '../../src/lib/server/platform/config.ts';

describe('config', () => {
	it("keeps the original product's names and defaults", () => {
		const c = parseConfig({});
		expect(c).toMatchObject({
			redisUrl: 'redis://localhost:6379',
			redisUrlGiven: false,
			reconcileMs: 5000,
			theme: 'dark',
			enableExports: true,
			enableAlerts: true,
			maxDataPoints: 1000,
			timezone: 'UTC',
			port: 8501,
			host: '127.0.0.1',
			flushIntervalMs: 20
		});
	});

	it('parses good values', () => {
		const c = parseConfig({
			REDIS_URL: 'redis://:pw@cache:6380/2',
			REFRESH_INTERVAL: '2.5',
			THEME: 'LIGHT',
			ENABLE_EXPORTS: 'false',
			ENABLE_ALERTS: '0',
			MAX_DATA_POINTS: '500',
			TIMEZONE_OFFSET: '5.5',
			PORT: '9000'
		});
		expect(c).toMatchObject({
			reconcileMs: 2500,
			theme: 'light',
			enableExports: false,
			enableAlerts: false,
			maxDataPoints: 500,
			timezone: '+05:30',
			port: 9000,
			redisUrlGiven: true
		});
		expect(redisDb(c.redisUrl)).toBe(2);
	});

	it.each([
		['PORT', 'abc', /PORT: "abc" \(should be an integer from 0 to 65535\)/],
		['PORT', '70000', /PORT/],
		['REFRESH_INTERVAL', '0', /REFRESH_INTERVAL: "0"/],
		['MAX_DATA_POINTS', '12.5', /MAX_DATA_POINTS.*integer/],
		['TIMEZONE_OFFSET', '15', /TIMEZONE_OFFSET/],
		['THEME', 'blue', /THEME: "blue" \(should be one of dark, light\)/],
		['ENABLE_EXPORTS', 'maybe', /ENABLE_EXPORTS: "maybe" \(should be true or false\)/],
		['REDIS_URL', 'localhost:6379', /REDIS_URL/],
		['REDIS_URL', 'http://x', /REDIS_URL.*redis:\/\//],
		['REDIS_URL', 'redis://x/abc', /database number/],
		['SOCKET_ADAPTER', 'redis', /SOCKET_ADAPTER: "redis" \(should be one of local, redis-streams\)/]
	])('rejects %s=%s naming the variable', (name, value, msg) => {
		expect(() => parseConfig({ [name]: value })).toThrow(msg);
	});
});
