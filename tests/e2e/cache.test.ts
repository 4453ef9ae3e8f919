// The Cache Performance page in Chromium: live hit rates, and a flush through the UI with
// a dry-run count and a confirmation.
import { describe, expect, it } from 'vitest';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { useE2E } from '../helpers/e2e.ts';
import { writeDistribution } from '../helpers/what-if.ts';
import { whenLive } from '../helpers/browser.ts';

const e2e = useE2E({
	env: { CACHE_SAMPLE_MS: '500' },
	viewport: { width: 1280, height: 1200 },
	// an empty stream (an earlier file's entries would be newer than this file's hour-old ids)
	prepare: (w) => w.flushDb().then(() => {})
});

describe('Cache Performance e2e.page in Chromium', () => {
	it('answers the threshold what-if from the rollups: curve, knee, risk and the slider', async () => {
		// first: the stream is empty, so entries can carry ids an hour old. The distribution of
		// tests/integration/what-if.test.ts (100 requests an hour ago): the knee
		// is 0.86, 10 hits sit within 0.02 above 0.88, and at 0.86 the hit rate is 70%
		await writeDistribution(e2e.writer, Date.now() - 3_600_000, 1);
		await e2e.page.goto(`${e2e.url}/cache?range=6h`);
		await e2e.page.locator('.shell[data-hydrated]').waitFor();
		// the writer rolls the entries up within a round or two; Recompute asks again
		await expect
			.poll(
				async () => {
					await e2e.page.getByRole('button', { name: 'Recompute' }).click();
					return e2e.page
						.getByTestId('what-if-knee')
						.textContent({ timeout: 2_000 })
						.catch(() => null);
				},
				{ timeout: 15_000, interval: 1_000 }
			)
			.toBe('0.86');
		expect(await e2e.page.getByTestId('what-if-risk').textContent()).toBe('10');
		const at = e2e.page.getByTestId('what-if-at');
		expect(await at.locator('td').first().textContent()).toBe('50.00%');
		await e2e.page.getByTestId('what-if-slider').fill('0.86');
		expect(await e2e.page.getByTestId('what-if-threshold').textContent()).toBe('0.86');
		await expect.poll(() => at.locator('td').first().textContent()).toBe('70.00%');
		expect(await e2e.page.getByTestId('what-if-models').locator('tbody tr').count()).toBe(2);
		await e2e.page
			.getByTestId('what-if')
			.screenshot({ path: 'test-results/screenshots/cache-what-if.png' });
	});

	it('shows hit rates live and flushes the exact cache after a count and a confirmation', async () => {
		for (let i = 0; i < 12; i++)
			await e2e.writer.setEx(`helix:exact:e2e${i}`, 600, '{"model":"gpt-4o"}');
		await e2e.writer.set(KEYS.requestsTotal, '10');
		await e2e.writer.set(KEYS.cacheHits, '4');
		await e2e.page.goto(`${e2e.url}/cache`);
		await whenLive(e2e.page);
		await expect
			.poll(() => e2e.page.getByTestId('cache-hit-rate').textContent(), { timeout: 5_000 })
			.toBe('40.00%');
		await expect
			.poll(() => e2e.page.getByTestId('cache-exact-count').textContent(), { timeout: 5_000 })
			.toBe('12');
		await e2e.writer.xAdd(KEYS.events, '*', {
			model: 'gpt-4o',
			user: 'u',
			outcome: 'semantic',
			latency_ms: '30',
			similarity: '0.93'
		});
		await expect
			.poll(() => e2e.page.getByTestId('cache-semantic-rate').textContent(), { timeout: 5_000 })
			.toMatch(/%$/);

		await e2e.page.getByTestId('flush-target').selectOption('exact');
		await e2e.page.getByTestId('flush-count').click();
		await expect
			.poll(() => e2e.page.getByTestId('flush-confirm').textContent(), { timeout: 5_000 })
			.toBe('Delete 12 entries');
		expect(await e2e.writer.keys('helix:exact:*')).toHaveLength(12); // nothing deleted before confirming
		await e2e.page.getByTestId('flush-confirm').click();
		await expect
			.poll(() => e2e.page.getByTestId('flush-status').textContent(), { timeout: 10_000 })
			.toMatch(/^Done: 12 deleted/);
		expect(await e2e.writer.keys('helix:exact:*')).toHaveLength(0);
		expect(await e2e.writer.get(KEYS.requestsTotal)).toBe('10');
		await expect
			.poll(() => e2e.page.getByTestId('cache-exact-count').textContent(), { timeout: 5_000 })
			.toBe('0');
		await e2e.page.screenshot({ path: 'test-results/screenshots/cache-1280.png', fullPage: true });
	});
});
