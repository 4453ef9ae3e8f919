// Deltas to a room of thousands (issue 22): written in chunks, one per macrotask, so the loop is
// never held for the whole room, and every member still gets every delta once and in order.
// A real Socket.IO server and real clients over loopback (chunks of 7 among 40 members).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { io as ioClient, type Socket } from 'socket.io-client';
import { FanOut } from '../../src/lib/server/socket/fan-out.ts';
import type { HelixServer } from '../../src/lib/server/socket/types.ts';
import type { Delta } from '../../src/lib/shared/protocol/rooms.ts';

let io: HelixServer;
let url: string;
const clients: Socket[] = [];

beforeAll(async () => {
	const http = createServer();
	io = new Server(http) as unknown as HelixServer;
	io.on('connection', (s) => void s.join('overview'));
	await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
	url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
	for (const c of clients) c.disconnect();
	await io?.close();
});

async function connect(n: number, seen: number[][]): Promise<void> {
	for (let i = 0; i < n; i++) {
		const c = ioClient(url, { transports: ['websocket'], forceNew: true });
		const mine: number[] = [];
		seen.push(mine);
		c.on('delta', (d: Delta) => mine.push(d.seq));
		clients.push(c);
		await new Promise<void>((r) => c.once('connect', () => r()));
	}
	for (let t = 0; (io.of('/').adapter.rooms.get('overview')?.size ?? 0) < clients.length; t++) {
		if (t > 500) throw new Error('clients did not join');
		await new Promise((r) => setTimeout(r, 10));
	}
}

const delta = (seq: number) =>
	({ room: 'overview', seq, at: seq, changes: {} }) as unknown as Delta;

describe('the fan-out of deltas to a large room', () => {
	it('yields between chunks and delivers every delta once, in order, to every member', async () => {
		const seen: number[][] = [];
		await connect(40, seen);
		const fan = new FanOut(io, 7);
		for (let seq = 1; seq <= 20; seq++) fan.send('overview', delta(seq));
		// only the first chunk was written in this task: the rest waits for later macrotasks
		expect(fan.pending('overview')).toBe(20);
		await expect.poll(() => fan.pending('overview'), { timeout: 10_000 }).toBe(0);
		expect(fan.deferredChunks).toBe(20 * 6 - 1); // 6 chunks a delta, the very first at once
		const all = Array.from({ length: 20 }, (_, i) => i + 1);
		await expect.poll(() => seen.every((s) => s.length === 20), { timeout: 10_000 }).toBe(true);
		for (const s of seen) expect(s).toEqual(all);
	});

	it('sends the heartbeat to every socket in chunks too', async () => {
		const beats: number[] = clients.map(() => 0);
		clients.forEach((c, i) => c.on('heartbeat', () => beats[i]!++));
		const fan = new FanOut(io, 7);
		fan.beat({} as never);
		fan.beat({} as never);
		expect(fan.pending(null)).toBe(2);
		await expect.poll(() => beats.every((b) => b === 2), { timeout: 10_000 }).toBe(true);
		expect(fan.deferredChunks).toBe(11);
	});

	it('sends at once to a room no larger than a chunk', () => {
		const fan = new FanOut(io, 1_000);
		fan.send('overview', delta(21));
		expect(fan.pending('overview')).toBe(0);
		expect(fan.deferredChunks).toBe(0);
	});
});
