// System Health in Chromium: live host and Redis figures; Redis stopped → red, back → green.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';
import { useE2E } from '../helpers/e2e.ts';
import { whenLive } from '../helpers/browser.ts';

const SHOTS = 'test-results/screenshots';
let redis: RedisProcess;
// a Redis of its own: this test stops and restarts it
beforeAll(async () => {
	redis = await startRedisServer();
});
afterAll(async () => {
	await redis?.stop();
});
const e2e = useE2E({ redisUrl: () => redis.url, env: { SYSTEM_SAMPLE_MS: '500' } });

const status = () => e2e.page.getByTestId('service-redis').getAttribute('data-status');

describe('System Health in Chromium', () => {
	it('shows live host and Redis figures, and Redis going red and green', async () => {
		await e2e.page.goto(`${e2e.url}/system`);
		await whenLive(e2e.page);
		await expect
			.poll(() => e2e.page.getByTestId('host-cpu').textContent(), { timeout: 10_000 })
			.toMatch(/^\d+(\.\d)?%$/);
		await expect.poll(status, { timeout: 5_000 }).toBe('ok');
		const lag1 = await e2e.page.getByTestId('process-lag').textContent();
		await e2e.page.evaluate(
			() => ((window as unknown as { __noReload: boolean }).__noReload = true)
		);
		await e2e.page.screenshot({ path: `${SHOTS}/system-1280.png`, fullPage: true });

		await redis.kill();
		await expect.poll(status, { timeout: 6_000 }).toBe('down');
		await e2e.page.getByTestId('redis-stats-empty').waitFor();
		await e2e.page.screenshot({ path: `${SHOTS}/system-redis-down.png` });

		await redis.restart();
		await expect.poll(status, { timeout: 10_000 }).toBe('ok');
		await e2e.page.getByTestId('redis-stats').waitFor();
		// the outage shows up in the grouped warnings, without a reload
		await e2e.page
			.getByTestId('error-groups')
			.getByText('redis connection lost')
			.first()
			.waitFor({ timeout: 5_000 });
		expect(
			await e2e.page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)
		).toBe(true);
		expect(lag1).toMatch(/ms$/);
	});
});
