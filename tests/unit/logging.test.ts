import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprint, LogTail } from '../../src/lib/server/platform/logging/log-tail.ts';
import { RotatingFile } from '../../src/lib/server/platform/logging/rotating-file.ts';
import { parseInfo } from '../../src/lib/server/system/redis-stats.ts';

const line = (o: Record<string, unknown>) =>
	JSON.stringify({ time: '2026-01-01T00:00:00.000Z', app: 'helix-dashboard', ...o });

describe('LogTail', () => {
	it('keeps the last lines redacted and counts by level and module', () => {
		const tail = new LogTail(3);
		tail.add(line({ level: 30, module: 'realtime', msg: 'hello jane@example.com' }));
		tail.add(
			line({ level: 40, module: 'redis', msg: 'lost', err: 'connect ECONNREFUSED 10.1.2.3:6379' })
		);
		tail.add(line({ level: 30, module: 'realtime', msg: 'a' }));
		tail.add(line({ level: 30, module: 'realtime', msg: 'b', card: '4111 1111 1111 1111' }));
		const s = tail.summary();
		expect(s.tail.map((l) => l.msg)).toEqual(['lost', 'a', 'b']);
		expect(s.tail[0]!.fields.err).toBe('connect ECONNREFUSED [IP_ADDRESS]:6379');
		expect(s.tail[2]!.fields.card).toBe('[CREDIT_CARD]');
		expect(JSON.stringify(s)).not.toMatch(/jane@example\.com|4111 1111|10\.1\.2\.3/);
		expect(s.byLevel).toEqual({ info: 3, warn: 1 });
		expect(s.byModule).toEqual({ realtime: 3, redis: 1 });
	});

	it('groups repeated errors by fingerprint, ignoring the numbers that vary', () => {
		const tail = new LogTail();
		for (const port of [6379, 6380, 6381])
			tail.add(
				line({
					level: 50,
					module: 'redis',
					msg: 'cannot connect',
					err: `ECONNREFUSED 127.0.0.1:${port}`
				})
			);
		tail.add(line({ level: 50, module: 'redis', msg: 'something else' }));
		const groups = tail.summary().errors;
		expect(groups).toHaveLength(2);
		expect(groups.find((g) => g.msg === 'cannot connect')!.count).toBe(3);
		expect(fingerprint('m', 'took 12 ms', '')).toBe(fingerprint('m', 'took 9999 ms', ''));
	});

	it('keeps a line that is not JSON instead of dropping it', () => {
		const tail = new LogTail();
		tail.add('plain text from somewhere');
		expect(tail.summary().tail[0]).toMatchObject({
			level: 'info',
			msg: 'plain text from somewhere'
		});
	});
});

describe('RotatingFile', () => {
	let dir = '';
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('rotates at the size limit and keeps `keep` old files', async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'helix-log-'));
		const f = new RotatingFile({ dir, maxBytes: 100, keep: 2 });
		for (let i = 0; i < 10; i++) f.write(`${String(i).padStart(2, '0')} ${'x'.repeat(46)}\n`); // 50 bytes each
		await new Promise<void>((r) => f.end(r));
		expect(readdirSync(dir).sort()).toEqual([
			'helix-dashboard.log',
			'helix-dashboard.log.1',
			'helix-dashboard.log.2'
		]);
		expect(readFileSync(path.join(dir, 'helix-dashboard.log'), 'utf8')).toMatch(/^08 .*\n09 /);
		expect(readFileSync(path.join(dir, 'helix-dashboard.log.2'), 'utf8')).toMatch(/^04 /);
	});
});

describe('INFO parsing', () => {
	it('reads key:value lines and skips section headers', () => {
		const m = parseInfo(
			'# Server\r\nredis_version:7.0.15\r\nrole:master\r\n\r\n# Stats\r\ninstantaneous_ops_per_sec:12\r\n'
		);
		expect(Object.fromEntries(m)).toEqual({
			redis_version: '7.0.15',
			role: 'master',
			instantaneous_ops_per_sec: '12'
		});
	});
});
