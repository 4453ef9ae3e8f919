// Debian's Chromium driven by playwright-core (a tool's own browser download fails here).
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}

/** Collects Content-Security-Policy violations a page reports on its console (the test expects none). */
export function cspWatcher(): { violations: string[]; watch: (m: ConsoleMessage) => void } {
	const violations: string[] = [];
	return {
		violations,
		watch: (m) => {
			if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
		}
	};
}

/**
 * The page is live and its scripts run: the live badge (which the server renders too, so
 * alone it says nothing of hydration) and the layout's data-hydrated mark. A click before
 * hydration lands on server-rendered markup without handlers and does nothing.
 */
export async function whenLive(page: Page): Promise<void> {
	await page.getByTestId('link-status').filter({ hasText: 'live' }).waitFor();
	await page.locator('.shell[data-hydrated]').waitFor();
}
