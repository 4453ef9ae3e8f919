// Numbers and time you can trust (issue 20), checked over HTTP against the production server
// process with hand-computed figures: zone-less gateway timestamps on a host in another TZ,
// per-day compliance in a half-hour zone, the heatmap in a quarter-hour zone and before
// anyone opens the Users page, the real active-user count, ties ordered by name, active team
// members, "no teams" as null, a 16-digit counter, /metrics leaving absent data out, exports
// without float noise and with every table of a ranged file in the range.
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../scripts/lib/server-process.ts';
import { waitFor } from '../helpers/harness.ts';

const url = inject('redisUrl');
const w = createClient({ url });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** the published gateway's `datetime.utcnow().isoformat()`: no zone, microseconds */
const zoneless = (ms: number) => `${new Date(ms).toISOString().slice(0, 23)}456`;

beforeAll(async () => {
	await w.connect();
});
afterAll(async () => {
	await w.flushAll();
	await w.close();
});

async function serve(env: Record<string, string>): Promise<ServerProcess> {
	return startServerProcess({ REDIS_URL: url, LOG_FILE: 'false', ...env });
}

async function snapshot<T>(s: ServerProcess, room: string): Promise<T> {
	const r = await fetch(`${s.url}/api/snapshot?room=${room}`);
	return ((await r.json()) as { state: T }).state;
}

interface SecurityState {
	total: number;
	lastHourCount: number;
	feed: { ts: number | null; userId: string }[];
	perDay: { date: string; count: number; score: number }[];
}

describe('zone-less gateway timestamps', () => {
	it('are UTC on a host running in America/New_York', async () => {
		await w.flushAll();
		const now = Date.now();
		// four incidents in the last hour, one two hours ago, written the published gateway's way
		const ages = [50, 40, 30, 20, 120].map((m) => m * 60_000);
		for (const [i, age] of ages.entries())
			await w.lPush(
				'helix:pii:incidents',
				JSON.stringify({
					user_id: `u${i}`,
					timestamp: zoneless(now - age),
					action: 'redacted',
					content_preview: 'x'
				})
			);
		const s = await serve({ TZ: 'America/New_York' });
		try {
			const st = await waitFor(
				async () => {
					const x = await snapshot<SecurityState>(s, 'security');
					return x.total === 5 ? x : null;
				},
				10_000,
				'five incidents'
			);
			expect(st.lastHourCount).toBe(4); // was 5: read as New York time, 5 h in the future
			expect(st.feed.every((i) => i.ts !== null && i.ts <= Date.now())).toBe(true);
			expect(st.feed.map((i) => i.userId)).toEqual(['u3', 'u2', 'u1', 'u0', 'u4']);
		} finally {
			await s.stop();
		}
	});
});

describe('per-day compliance at UTC+5:30', () => {
	it("takes the day's busiest local hour (a burst inside one local hour is one hour)", async () => {
		await w.flushAll();
		// 8 redacted incidents 16:05–16:47 IST = 10:35–11:17 UTC (across a UTC hour boundary),
		// yesterday in UTC (so all in the list's last days, none in the future)
		const y = new Date(Date.now() - DAY);
		const base = Date.UTC(y.getUTCFullYear(), y.getUTCMonth(), y.getUTCDate(), 10, 35);
		for (let i = 0; i < 8; i++)
			await w.lPush(
				'helix:pii:incidents',
				JSON.stringify({
					user_id: `b${i}`,
					entity_type: 'EMAIL_ADDRESS',
					timestamp: new Date(base + i * 6 * 60_000).toISOString(),
					action: 'redacted'
				})
			);
		await w.set(
			'helix-dashboard:security:settings',
			JSON.stringify({
				incidentThresholdPerHour: 2,
				notificationMethods: []
			})
		);
		const s = await serve({ TIMEZONE_OFFSET: '5.5' });
		try {
			const st = await waitFor(
				async () => {
					const x = await snapshot<SecurityState>(s, 'security');
					return x.total === 8 ? x : null;
				},
				10_000,
				'eight incidents'
			);
			expect(st.perDay).toHaveLength(1);
			// all handled, none high-risk: 100·(0.5 + 0.3·R + 0.2), R = 2 / 8 → 77.5 (UTC hours: 4 → 85)
			expect(st.perDay[0]!.score).toBe(77.5);
		} finally {
			await s.stop();
		}
	});
});

describe('the activity heatmap', () => {
	it('counts every stored event at UTC+5:45 in its local hour, before anyone opens the Users page', async () => {
		await w.flushAll();
		// ten requests on the last Monday at 00:10 UTC = 05:55 at UTC+5:45 (UTC+6 would say 06:10)
		const d = new Date();
		const monday = Date.UTC(
			d.getUTCFullYear(),
			d.getUTCMonth(),
			d.getUTCDate() - ((d.getUTCDay() + 6) % 7) - 7,
			0,
			10
		);
		for (let i = 0; i < 10; i++)
			await w.xAdd('helix:events', `${monday + i}-0`, {
				model: 'm',
				user: 'u',
				outcome: 'miss',
				latency_ms: '5',
				cost_usd: '0.01'
			});
		const s = await serve({ TIMEZONE_OFFSET: '5.75' });
		try {
			const hm = await waitFor(
				async () => {
					const x = await snapshot<{
						heatmap: { source: string; events?: number; cells?: number[][]; zone?: string };
					}>(s, 'users');
					return x.heatmap.source === 'events' && x.heatmap.events === 10 ? x.heatmap : null;
				},
				10_000,
				'ten events in the heatmap from /api/snapshot alone'
			);
			// rows are weekdays from Sunday: Monday, local hour 5
			expect(hm.cells![1]![5]).toBe(10);
			expect(hm.cells!.flat().reduce((a, b) => a + b, 0)).toBe(10);
		} finally {
			await s.stop();
		}
	});
});

interface UsersRange {
	days: number;
	activeUsers: number;
	bySpend: { user: string; spendUsd: number }[];
	teams: { team: string; users: number; members: number }[] | null;
}

describe('users, teams, counters, /metrics and exports', () => {
	let s: ServerProcess;
	const today = utcDate(Date.now());
	beforeAll(async () => {
		await w.flushAll();
		// 60 users with the same spend today: a tie across the top-50 cut
		for (let i = 0; i < 60; i++)
			await w.zAdd(`helix:spend:user:user-${String(i).padStart(2, '0')}`, {
				value: today,
				score: 1
			});
		await w.zAdd('helix:spend:user:idle', { value: utcDate(Date.now() - 60 * DAY), score: 3 });
		await w.zAdd('helix:spend:user:noise', { value: today, score: 0.13839774999999999 });
		await w.set('helix:requests:total', '1234567890123456');
		s = await serve({});
	});
	afterAll(async () => s?.stop());

	it('counts every active user, orders ties by name, and says "no teams" as null', async () => {
		const st = await waitFor(
			async () => {
				const x = await snapshot<{ userCount: number; ranges: UsersRange[] }>(s, 'users');
				return x.userCount === 62 ? x : null;
			},
			10_000,
			'62 users'
		);
		const week = st.ranges.find((r) => r.days === 7)!;
		expect(week.activeUsers).toBe(61); // the 60, and "noise"; "idle" spent 60 days ago
		expect(week.bySpend).toHaveLength(50);
		expect(week.bySpend.map((u) => u.user)).toEqual(
			Array.from({ length: 50 }, (_, i) => `user-${String(i).padStart(2, '0')}`)
		);
		expect(week.teams).toBeNull(); // no helix:user:team: "—", not 0
	});

	it("counts a team's active members in the range, beside all its members", async () => {
		await w.hSet('helix:user:team', { 'user-00': 'red', 'user-01': 'red', idle: 'red' });
		const red = await waitFor(
			async () => {
				const x = await snapshot<{ ranges: UsersRange[] }>(s, 'users');
				return x.ranges.find((r) => r.days === 7)!.teams?.find((t) => t.team === 'red');
			},
			10_000,
			'team red'
		);
		expect(red).toMatchObject({ users: 2, members: 3 });
	});

	it('keeps a 16-digit counter exact', async () => {
		const o = await snapshot<{ requestsTotal: number | null; problems: { key: string }[] }>(
			s,
			'overview'
		);
		expect(o.requestsTotal).toBe(1234567890123456);
		expect(o.problems.map((p) => p.key)).not.toContain('helix:requests:total');
	});

	it('leaves data that does not exist out of /metrics instead of reporting 0', async () => {
		const text = await (await fetch(`${s.url}/metrics`)).text();
		const samples = text.split('\n').filter((l) => l && !l.startsWith('#'));
		expect(samples.some((l) => l.startsWith('helix_gateway_saved_usd'))).toBe(false);
		expect(samples.some((l) => l.startsWith('helix_gateway_latency_max_seconds'))).toBe(false);
		expect(samples.some((l) => l.startsWith('helix_gateway_requests 1234567890123456'))).toBe(true);
	});

	it('writes exports at full precision without float noise', async () => {
		const csv = await (await fetch(`${s.url}/api/export/users.csv?table=users`)).text();
		const row = csv.split('\r\n').find((l) => l.startsWith('noise,'));
		expect(row, csv.slice(0, 300)).toContain('0.13839775');
		expect(csv).not.toMatch(/0\.1383977499/);
	});

	it('filters every table of a ranged security export, not just the incidents', async () => {
		const now = Date.now();
		for (const [i, age] of [0, 1, 10, 11, 12].entries())
			await w.lPush(
				'helix:pii:incidents',
				JSON.stringify({
					user_id: `s${i}`,
					entity_type: i < 2 ? 'CREDIT_CARD' : 'US_SSN',
					timestamp: new Date(now - age * DAY - 60_000).toISOString(),
					action: 'logged'
				})
			);
		await waitFor(
			async () => (await snapshot<SecurityState>(s, 'security')).total === 5,
			10_000,
			'five incidents'
		);
		const from = utcDate(now - 2 * DAY);
		const r = await fetch(`${s.url}/api/export/security.json?from=${from}&to=${today}`);
		const j = (await r.json()) as {
			tables: {
				incidents: unknown[];
				by_entity: { entity_type: string; count: number }[];
				regulations: { regulation: string; relevant: number }[];
			};
		};
		expect(j.tables.incidents).toHaveLength(2);
		expect(j.tables.by_entity).toEqual([{ entity_type: 'CREDIT_CARD', count: 2 }]);
		expect(j.tables.regulations.find((x) => x.regulation === 'PCI-DSS')!.relevant).toBe(2);
		expect(j.tables.regulations.find((x) => x.regulation === 'HIPAA')!.relevant).toBe(0);
	});
});
