// Debian's Chromium driven by playwright-core (a tool's own browser download fails here).
import { chromium, type Browser, type ConsoleMessage } from 'playwright-core';

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
