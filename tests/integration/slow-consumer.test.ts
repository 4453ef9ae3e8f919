// A client that stops reading: the server queues for it only up to a bound, then cuts it,
// while a client that reads keeps getting every delta without a gap.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { SLOW_CONSUMER_MAX_BYTES } from '../../src/lib/server/socket/slow-consumers.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
	h = await startHarness(inject('redisUrl'));
	await h.reset();
});
afterAll(async () => h?.close());

describe('slow consumer', () => {
	it('cuts a socket that stops reading once its queue passes the bound; readers miss nothing', async () => {
		const reader = await h.follow('security');
		const slow = await h.connect();
		const joined = await slow.timeout(5_000).emitWithAck('join', 'security');
		expect(joined.ok).toBe(true);
		let cut = '';
		slow.on('disconnect', (r) => (cut = r));
		// stop reading: the TCP window closes and the server's buffers start to fill
		const transport = slow.io.engine.transport as unknown as {
			ws: { _socket: { pause(): void; resume(): void } };
		};
		transport.ws._socket.pause();

		// ~40 KB security feed deltas as fast as the flush allows (every incident changes the feed)
		const preview = 'x'.repeat(290);
		const t0 = Date.now();
		let n = 0;
		const heapBefore = process.memoryUsage().heapUsed;
		const sockets = () => h.server.realtime.io.of('/').sockets.size;
		while (sockets() > 1 && Date.now() - t0 < 60_000) {
			await h.writer.lPush(
				KEYS.piiIncidents,
				JSON.stringify({
					user_id: `u${n}`,
					entity_type: 'EMAIL_ADDRESS',
					timestamp: new Date().toISOString(),
					content_preview: `${n++} ${preview}`
				})
			);
			await new Promise((r) => setTimeout(r, 10));
		}
		const dropped =
			(await h.server.realtime.metrics.slowConsumersDropped.get()).values[0]?.value ?? 0;
		expect(dropped).toBe(1);
		// the server held at most about the bound for it (plus the heap noise of the test itself)
		expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(SLOW_CONSUMER_MAX_BYTES * 6);
		expect(sockets()).toBe(1); // only the reader remains
		// the reader saw the last incident, with a contiguous seq
		await reader.until((s) => s.total === n, 10_000, 'reader caught up');
		const seqs = reader.deltas.map((d) => d.seq);
		expect(seqs.every((s, i) => i === 0 || s === seqs[i - 1]! + 1)).toBe(true);
		expect(seqs.length).toBeGreaterThan(50);
		// reading again, the client finds the server hung up on it
		transport.ws._socket.resume();
		await waitFor(() => cut, 10_000, 'the client sees the disconnect');
	});
});
