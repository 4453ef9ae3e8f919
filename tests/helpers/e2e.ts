// The one setup of the Chromium tests: a Redis writer, the production server as its own
// process (build/server.js), Debian's Chromium and (unless `viewport: null`) one page —
// started before the file's tests and stopped after them. Call at the top of a test file.
import type { Browser, Page } from 'playwright-core';
import { createClient } from 'redis';
import { afterAll, beforeAll, inject } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../scripts/lib/server-process.ts';
import { launchChromium } from './browser.ts';

export type Writer = ReturnType<typeof createClient>;

export interface E2EOptions {
	/** environment of the server process (REDIS_URL and LOG_FILE=false are set) */
	env?: Record<string, string>;
	/** the page's size; null: no page (the test opens its own contexts) */
	viewport?: { width: number; height: number } | null;
	/** another Redis than the shared test one */
	redisUrl?: () => string;
	/** runs with the writer connected, before the server starts (flush, seed, accounts) */
	prepare?: (writer: Writer) => Promise<void>;
}

export interface E2E {
	server: ServerProcess;
	browser: Browser;
	/** the page opened at start (throws when `viewport: null`) */
	page: Page;
	writer: Writer;
	/** the server's base URL */
	url: string;
}

export function useE2E(opts: E2EOptions = {}): E2E {
	const state: Partial<E2E> = {};
	const ctx = {
		get server() {
			return must(state.server, 'server');
		},
		get browser() {
			return must(state.browser, 'browser');
		},
		get page() {
			return must(state.page, 'page');
		},
		get writer() {
			return must(state.writer, 'writer');
		},
		get url() {
			return must(state.server, 'server').url;
		}
	};
	beforeAll(async () => {
		const redisUrl = opts.redisUrl?.() ?? inject('redisUrl');
		const writer: Writer = createClient({ url: redisUrl });
		// a test may stop its Redis: the writer reconnects quietly
		writer.on('error', () => {});
		await writer.connect();
		state.writer = writer;
		await opts.prepare?.(writer);
		state.server = await startServerProcess({
			REDIS_URL: redisUrl,
			LOG_FILE: 'false',
			...opts.env
		});
		state.browser = await launchChromium();
		if (opts.viewport !== null)
			state.page = await state.browser.newPage({
				viewport: opts.viewport ?? { width: 1280, height: 1000 }
			});
	});
	afterAll(async () => {
		await state.browser?.close();
		await state.server?.stop();
		await state.writer?.close().catch(() => {});
	});
	return ctx;
}

function must<T>(v: T | undefined, what: string): T {
	if (v === undefined)
		throw new Error(`e2e fixture: ${what} is not started (useE2E at the top of the file)`);
	return v;
}
