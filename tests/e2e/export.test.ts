// The export menu in Chromium: a download with the right name that papaparse reads.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../scripts/lib/server-process.ts';
import { recordRequest } from '../../src/lib/recorder/recorder.ts';
import { useE2E } from '../helpers/e2e.ts';
import { whenLive } from '../helpers/browser.ts';

const e2e = useE2E({ viewport: null });
// a second server with exports switched off
let off: ServerProcess;
beforeAll(async () => {
	off = await startServerProcess({
		REDIS_URL: inject('redisUrl'),
		LOG_FILE: 'false',
		ENABLE_EXPORTS: 'false'
	});
});
afterAll(async () => {
	await off?.stop();
});

describe('export menu in Chromium', () => {
	it('downloads the chosen table as CSV', async () => {
		await recordRequest(e2e.writer, {
			model: 'gpt-4o',
			user: 'kim',
			team: 'ops',
			outcome: 'miss',
			latencyMs: 1,
			costUsd: 1.5
		});
		const page = await e2e.browser.newPage({ acceptDownloads: true });
		await page.goto(`${e2e.url}/cost`);
		await whenLive(page);
		await page.getByTestId('export-toggle').click();
		await page.getByTestId('export-format').selectOption('csv');
		await page.getByTestId('export-table').selectOption('per_model');
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByTestId('export-download').click()
		]);
		expect(download.suggestedFilename()).toMatch(
			/^helix-spend-per_model_\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d_UTC\.csv$/
		);
		const rows = Papa.parse<Record<string, string>>(
			readFileSync((await download.path())!, 'utf8'),
			{ header: true, skipEmptyLines: true }
		).data;
		expect(rows.find((r) => r.model === 'gpt-4o')).toBeTruthy();
		await page.close();
	});

	it('has no export button when ENABLE_EXPORTS=false', async () => {
		const page = await e2e.browser.newPage();
		await page.goto(`${off.url}/cost`);
		await whenLive(page);
		expect(await page.getByTestId('export-toggle').count()).toBe(0);
		await page.close();
	});
});
