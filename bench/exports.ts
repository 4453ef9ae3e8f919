// Export of 100,000 rows (1,000 users × 100 days of spend, per_user table): time per
// format and the server's resident memory before and at its peak during the export
// (polled from /metrics).
import { createClient } from 'redis';
import type { RedisProcess } from '../scripts/lib/redis-server.ts';
import { startServerProcess } from '../scripts/lib/server-process.ts';
import { spendUserKey } from '../src/lib/shared/contract/keys.ts';
import { dateInZone } from '../src/lib/shared/time.ts';

export interface ExportBench {
	rows: number;
	format: string;
	seconds: number;
	bytes: number;
	rssBeforeMb: number;
	rssPeakMb: number;
}

async function rss(url: string): Promise<number> {
	const text = await (await fetch(`${url}/metrics`)).text();
	const m = /helix_dashboard_process_resident_memory_bytes (\d+)/.exec(text);
	return m ? Number(m[1]) / 1e6 : NaN;
}

export async function runExports(
	redis: RedisProcess,
	users = 1000,
	days = 100
): Promise<ExportBench[]> {
	const c = createClient({ url: redis.url });
	await c.connect();
	await c.flushAll();
	const dates = Array.from({ length: days }, (_, i) =>
		dateInZone(Date.now() - i * 86_400_000, 'UTC')
	);
	for (let u = 0; u < users; u += 100) {
		await Promise.all(
			Array.from({ length: 100 }, (_, k) =>
				c.zAdd(
					spendUserKey(`user${u + k}`),
					dates.map((d, i) => ({ value: d, score: 0.01 * (1 + ((i + k) % 9)) }))
				)
			)
		);
	}
	const server = await startServerProcess({ REDIS_URL: redis.url, LOG_FILE: 'false' });
	const out: ExportBench[] = [];
	try {
		for (;;) {
			const s = (await (await fetch(`${server.url}/api/snapshot?room=users`)).json()) as {
				state: { userCount: number };
			};
			if (s.state.userCount >= users) break;
			await new Promise((r) => setTimeout(r, 50));
		}
		for (const format of ['csv', 'json', 'xlsx']) {
			const before = await rss(server.url);
			let peak = before;
			let polling = true;
			const poll = (async () => {
				while (polling) {
					peak = Math.max(peak, await rss(server.url));
					await new Promise((r) => setTimeout(r, 100));
				}
			})();
			const t = performance.now();
			const res = await fetch(
				`${server.url}/api/export/spend.${format}?table=per_user&from=${dates.at(-1)}&to=${dates[0]}`
			);
			let bytes = 0;
			for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
				bytes += chunk.length;
			const seconds = (performance.now() - t) / 1000;
			polling = false;
			await poll;
			out.push({
				rows: users * days,
				format,
				seconds: Math.round(seconds * 100) / 100,
				bytes,
				rssBeforeMb: Math.round(before),
				rssPeakMb: Math.round(peak)
			});
		}
		return out;
	} finally {
		await server.stop();
		await c.flushAll();
		await c.close();
	}
}
