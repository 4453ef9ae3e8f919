// A browser that stops reading (a laptop lid closed mid-frame, a stalled proxy) must not make
// the server hold every delta for it forever. Socket.IO has no bound of its own: once the
// kernel's socket buffers are full, engine.io queues packets in memory (writeBuffer) and ws
// keeps what it could not write (bufferedAmount). Past either limit the socket is cut; the
// browser's reconnect resyncs it from a snapshot, so it loses nothing it would have seen.
import type { HelixServer } from './types.ts';

export const SLOW_CONSUMER_MAX_PACKETS = 2_000;
export const SLOW_CONSUMER_MAX_BYTES = 8 * 1024 * 1024;

interface EngineConn {
	writeBuffer?: { data?: unknown }[];
	transport?: { socket?: { bufferedAmount?: number } };
}

/** Queued packets and bytes the server holds for one socket (cheap: the queue is empty for a reading client). */
export function backlog(conn: unknown): { packets: number; bytes: number } {
	const c = conn as EngineConn;
	let bytes = c.transport?.socket?.bufferedAmount ?? 0;
	for (const p of c.writeBuffer ?? []) bytes += typeof p.data === 'string' ? p.data.length : 0;
	return { packets: c.writeBuffer?.length ?? 0, bytes };
}

/** Cuts every socket over the limits; returns how many. Run on each heartbeat. */
export function dropSlowConsumers(
	io: HelixServer,
	onDrop: (id: string, packets: number, bytes: number) => void
): number {
	let dropped = 0;
	for (const s of io.of('/').sockets.values()) {
		const b = backlog(s.conn);
		if (b.packets <= SLOW_CONSUMER_MAX_PACKETS && b.bytes <= SLOW_CONSUMER_MAX_BYTES) continue;
		onDrop(s.id, b.packets, b.bytes);
		// close the transport: a polite disconnect packet would only join the queue
		s.disconnect(true);
		s.conn.close();
		dropped++;
	}
	return dropped;
}
