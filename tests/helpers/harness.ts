// Starts the real production server (Express + Socket.IO + the built SvelteKit handler) on a
// free port against a real Redis, plus a plain Redis client for the test to write with and
// typed socket.io clients that follow a room the way the browser does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { io as ioClient, type Socket } from 'socket.io-client';
import { loadSvelteKitHandler, startServer, type RunningServer } from '../../server/app.ts';
import { RoomSync } from '../../src/lib/client/room-sync.ts';
import { loadConfig } from '../../src/lib/server/platform/config.ts';
import type {
	ClientToServerEvents,
	ServerToClientEvents
} from '../../src/lib/shared/protocol/events.ts';
import type { Reply } from '../../src/lib/shared/protocol/reply.ts';
import type { Clock } from '../../src/lib/shared/time.ts';
import {
	isDeltaOf,
	type RoomDelta,
	type RoomName,
	type Rooms,
	type Snapshot
} from '../../src/lib/shared/protocol/rooms.ts';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Harness {
	server: RunningServer;
	baseUrl: string;
	writer: ReturnType<typeof createClient>;
	connect(): Promise<TestSocket>;
	follow<R extends RoomName>(room: R): Promise<Follower<R>>;
	/** an empty Redis, and the dashboard's view of it re-read */
	reset(): Promise<void>;
	close(): Promise<void>;
}

export interface Follower<R extends RoomName> {
	socket: TestSocket;
	sync: RoomSync<R>;
	deltas: RoomDelta<R>[];
	state(): Rooms[R]['state'];
	/** resolves when the followed state satisfies `pred` (polls the client's own view) */
	until(
		pred: (s: Rooms[R]['state']) => boolean,
		timeoutMs?: number,
		what?: string
	): Promise<Rooms[R]['state']>;
}

export async function waitFor<T>(
	fn: () => T | Promise<T>,
	timeoutMs = 5_000,
	what = 'condition'
): Promise<NonNullable<T>> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	for (;;) {
		try {
			const v = await fn();
			if (v) return v as NonNullable<T>;
		} catch (err) {
			last = err;
		}
		if (Date.now() > deadline)
			throw new Error(
				`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`
			);
		await new Promise((r) => setTimeout(r, 20));
	}
}

export async function startHarness(
	redisUrl: string,
	env: Record<string, string> = {},
	opts: { clock?: Clock; waitForRedis?: boolean } = {}
): Promise<Harness> {
	// each server remembers "accounts were seen" in its own folder unless a test shares one
	const dataDir = env.DATA_DIR ? null : mkdtempSync(path.join(tmpdir(), 'helix-data-'));
	const config = loadConfig({
		REDIS_URL: redisUrl,
		...(dataDir ? { DATA_DIR: dataDir } : {}),
		PORT: '0',
		HOST: '127.0.0.1',
		LOG_LEVEL: 'silent',
		LOG_FILE: 'false',
		...env
	});
	const server = await startServer(config, await loadSvelteKitHandler(), { clock: opts.clock });
	if (opts.waitForRedis !== false) await server.realtime.ready();
	const baseUrl = `http://127.0.0.1:${server.port}`;
	const writer = createClient({ url: redisUrl });
	writer.on('error', () => {});
	// with Redis down at start, the writer connects in the background (retrying) as well
	const connecting = writer.connect().catch(() => {});
	if (opts.waitForRedis !== false) await connecting;
	const sockets: TestSocket[] = [];

	async function connect(): Promise<TestSocket> {
		const s: TestSocket = ioClient(baseUrl, {
			transports: ['websocket'],
			reconnectionDelay: 100,
			reconnectionDelayMax: 500
		});
		sockets.push(s);
		await waitFor(() => s.connected, 5_000, 'socket connect');
		return s;
	}

	async function follow<R extends RoomName>(room: R): Promise<Follower<R>> {
		const socket = await connect();
		const deltas: RoomDelta<R>[] = [];
		const join = (r: RoomName) =>
			socket.timeout(5_000).emitWithAck('join', r) as Promise<Reply<Snapshot>>;
		const sync = new RoomSync<R>(room, join, 100_000, () => {});
		socket.on('delta', (d) => {
			if (!isDeltaOf(d, room)) return;
			deltas.push(d);
			sync.apply(d);
		});
		socket.on('connect', () => void sync.resync());
		await sync.resync();
		const state = () => sync.view!.state;
		return {
			socket,
			sync,
			deltas,
			state,
			until: (pred, timeoutMs = 5_000, what = 'state') =>
				waitFor(() => (sync.view && pred(state()) ? state() : null), timeoutMs, what)
		};
	}

	return {
		server,
		baseUrl,
		writer,
		connect,
		follow,
		async reset() {
			await writer.flushAll();
			await server.realtime.collector.reconcile(false);
		},
		async close() {
			for (const s of sockets) s.disconnect();
			await writer.close().catch(() => {});
			await server.close();
			if (dataDir) rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
