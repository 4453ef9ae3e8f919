// Issue 21, item 1: a NOC takeover is the wall's face of a firing critical alert. It is
// listed in the bell and on the Overview, acknowledged from another browser (or on the wall
// with a display token that allows it), and the wall goes back to its rotation with a banner
// that stays until the alert resolves. The PII threshold is a rule like any other.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { recordIncident } from '../../src/lib/recorder/recorder.ts';
import { DEFAULT_PII_PER_HOUR } from '../../src/lib/recorder/simulator.ts';
import { DEFAULT_RULES } from '../../src/lib/server/alerts/rules.ts';
import { Accounts } from '../../src/lib/server/auth/accounts.ts';
import { call, login, PASSWORD, type Caller } from '../helpers/auth.ts';
import { useE2E } from '../helpers/e2e.ts';

let tokens: { plain: string; ack: string };
const e2e = useE2E({
	redisUrl: () => `${inject('redisUrl')}/13`,
	env: { REFRESH_INTERVAL: '1' },
	viewport: null,
	prepare: async (w) => {
		await w.flushDb();
		const accounts = new Accounts(() => w, Date.now);
		for (const [name, role] of [
			['ada', 'admin'],
			['otto', 'operator']
		] as const) {
			const r = await accounts.createUser({ name, role, password: PASSWORD });
			if (!r.ok) throw new Error(r.msg);
		}
		const plain = await accounts.createToken('lobby wall', 'ada');
		const ack = await accounts.createToken('ops wall', 'ada', true);
		if (!plain.ok || !ack.ok) throw new Error('tokens');
		tokens = { plain: plain.data.token, ack: ack.data.token };
	}
});
afterAll(async () => {
	await e2e.writer.flushDb();
});

const PII_RULE = DEFAULT_RULES.find((r) => r.metric === 'pii_per_hour')!;

async function wall(token: string): Promise<Page> {
	const ctx = await e2e.browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const page = await ctx.newPage();
	await page.goto(`${e2e.url}/noc?token=${token}&panels=overview,cost&dwell=5`);
	await expect
		.poll(() => page.getByTestId('noc').getAttribute('data-panel'), { timeout: 10_000 })
		.toBe('overview');
	return page;
}

async function operatorPage(path: string): Promise<Page> {
	const ctx = await e2e.browser.newContext({ viewport: { width: 1440, height: 900 } });
	const page = await ctx.newPage();
	await page.goto(`${e2e.url}/login?next=${path}`);
	await page.getByTestId('login-user').fill('otto');
	await page.getByTestId('login-password').fill(PASSWORD);
	await page.getByTestId('login-submit').click();
	await expect.poll(() => new URL(page.url()).pathname).toBe(path);
	return page;
}

const incidents = async (n: number) => {
	for (let i = 0; i < n; i++)
		await recordIncident(e2e.writer, {
			user: `u${i}`,
			action: 'redacted',
			contentPreview: 'call 555-0100'
		});
};

let ada: Caller;
const setPiiRule = (patch: Partial<typeof PII_RULE>) => {
	const { id, ...rule } = PII_RULE;
	return call({ baseUrl: e2e.url }, ada, 'PUT', `/api/alerts/rules/${id}`, { ...rule, ...patch });
};

describe('NOC takeovers are alerts', () => {
	it('sizes the default PII rule above what the demo writes', () => {
		expect(PII_RULE).toMatchObject({ severity: 'critical', comparator: '>' });
		expect(DEFAULT_PII_PER_HOUR * 2).toBeLessThan(PII_RULE.threshold);
	});

	it('a PII surge takes the wall; the bell and the Overview list it; an operator elsewhere acknowledges it', async () => {
		ada = await login({ baseUrl: e2e.url }, 'ada');
		const lobby = await wall(tokens.plain);
		const overview = await operatorPage('/');
		// a rule like any other: lowered so that five incidents are a surge, at once
		expect((await setPiiRule({ threshold: 4, forSeconds: 0 })).status).toBe(200);
		await incidents(5);
		await expect
			.poll(() => lobby.getByTestId('noc-critical').textContent(), { timeout: 10_000 })
			.toMatch(/PII incidents above 100 an hour/);
		await lobby.screenshot({ path: 'test-results/screenshots/noc-pii-takeover.png' });
		// this wall's token may not acknowledge: no button, and the server refuses it too
		expect(await lobby.getByTestId('alert-ack').count()).toBe(0);
		expect(
			await lobby.evaluate(async () => (await fetch('/api/alerts/ack', { method: 'POST' })).status)
		).toBe(403);
		// the same alert in the bell and on the Overview
		await expect
			.poll(() => overview.getByTestId('overview-alerts').textContent(), { timeout: 10_000 })
			.toMatch(/critical: PII incidents above 100 an hour — firing/);
		await overview.getByTestId('alert-bell').click();
		await expect
			.poll(() => overview.getByRole('dialog', { name: 'Active alerts' }).textContent())
			.toMatch(/PII incidents above 100 an hour\s*firing/);
		await overview.getByTestId('overview-alerts').getByTestId('alert-ack').click();
		// the wall goes back to its rotation, with a banner naming who acknowledged it
		await expect.poll(() => lobby.getByTestId('noc-critical').count(), { timeout: 10_000 }).toBe(0);
		await expect
			.poll(() => lobby.getByTestId('noc-acked').textContent())
			.toMatch(/acknowledged by otto: PII incidents above 100 an hour — still firing/);
		expect(await lobby.getByTestId('noc').getAttribute('data-panel')).toMatch(/overview|cost/);
		await expect
			.poll(() => lobby.getByTestId('noc').getAttribute('data-panel'), {
				timeout: 12_000
			})
			.toBe('cost'); // rotating
		expect(await lobby.getByTestId('noc-acked').count()).toBe(1); // the banner stays
		await lobby.screenshot({ path: 'test-results/screenshots/noc-acked-banner.png' });
		// resolution (the threshold raised back) takes the banner away
		expect((await setPiiRule({ threshold: 1000, forSeconds: 0 })).status).toBe(200);
		await expect.poll(() => lobby.getByTestId('noc-acked').count(), { timeout: 10_000 }).toBe(0);
		await lobby.context().close();
		await overview.context().close();
	});

	it('a wall whose token allows it acknowledges on the wall itself', async () => {
		const ops = await wall(tokens.ack);
		expect((await setPiiRule({ threshold: 4, forSeconds: 0 })).status).toBe(200);
		await expect.poll(() => ops.getByTestId('noc-critical').count(), { timeout: 10_000 }).toBe(1);
		await ops.getByTestId('noc-critical').getByTestId('alert-ack').click();
		await expect
			.poll(() => ops.getByTestId('noc-acked').textContent(), { timeout: 10_000 })
			.toMatch(/acknowledged by display:ops wall/);
		expect(await ops.getByTestId('noc-critical').count()).toBe(0);
		await ops.context().close();
	});

	it('keeps toasts off the page: three at most, Dismiss all, room below the content (item 15)', async () => {
		const page = await operatorPage('/cost');
		// signed in, the header still fits one row at 1440 px (once laid out)
		await expect
			.poll(async () => {
				const tops = await page
					.locator('header nav a')
					.evaluateAll((as) => as.map((a) => Math.round(a.getBoundingClientRect().top)));
				return tops.length > 3 ? new Set(tops).size : -1;
			})
			.toBe(1);
		await page
			.locator('header')
			.screenshot({ path: 'test-results/screenshots/header-signed-in-1440.png' });
		const ids: string[] = [];
		for (let i = 1; i <= 4; i++) {
			const r = await call({ baseUrl: e2e.url }, ada, 'POST', '/api/alerts/rules', {
				name: `Toast ${i}`,
				metric: 'redis_down',
				comparator: '<',
				threshold: 1,
				severity: 'critical'
			});
			ids.push(((await r.json()) as { id: string }).id);
		}
		await expect
			.poll(() => page.getByTestId('toasts-more').textContent(), { timeout: 10_000 })
			.toMatch(/1 more/);
		expect(await page.getByTestId('toast').count()).toBe(3);
		// the page's room follows the stack's height one frame later: waited for, same bound
		const room = () =>
			page.evaluate(() => ({
				pad: parseFloat(getComputedStyle(document.body).paddingBottom),
				stack: document.querySelector('[data-testid=toasts]')!.getBoundingClientRect().height
			}));
		await expect
			.poll(async () => {
				const r = await room();
				return r.pad >= r.stack;
			})
			.toBe(true);
		await page.screenshot({ path: 'test-results/screenshots/toasts-stacked.png' });
		await page.getByTestId('toasts-more').getByRole('button', { name: 'Dismiss all' }).click();
		expect(await page.getByTestId('toast').count()).toBe(0);
		for (const id of ids)
			await call({ baseUrl: e2e.url }, ada, 'DELETE', `/api/alerts/rules/${id}`);
		await page.context().close();
	});
});
