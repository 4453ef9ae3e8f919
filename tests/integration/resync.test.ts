// A client whose connection drops while the gateway keeps writing resyncs on reconnect: one
// fresh snapshot, then deltas again, with no gap and no delta applied twice.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { KEYS } from '../../src/lib/shared/contract/keys.ts';
import { startHarness, waitFor, type Harness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
	h = await startHarness(inject('redisUrl'));
	await h.reset();
});
afterAll(async () => h?.close());

it('resyncs after a dropped connection with no gap and no duplicate', async () => {
	const f = await h.follow('overview');
	const applied: number[] = [];
	const apply = f.sync.apply.bind(f.sync);
	f.sync.apply = (d) => {
		const r = apply(d);
		if (r === 'applied') applied.push(d.seq);
		return r;
	};
	await h.writer.set(KEYS.requestsTotal, '1');
	await f.until((s) => s.requestsTotal === 1);

	// the network drops: the transport dies, Socket.IO reconnects by itself
	f.socket.io.engine.close();
	await waitFor(() => !f.socket.connected, 2_000, 'disconnect');
	for (let i = 2; i <= 40; i++) await h.writer.set(KEYS.requestsTotal, String(i));
	await waitFor(() => f.socket.connected, 10_000, 'reconnect');
	await f.until((s) => s.requestsTotal === 40, 5_000, 'caught up');
	for (let i = 41; i <= 45; i++) await h.writer.incr(KEYS.requestsTotal);
	await f.until((s) => s.requestsTotal === 45, 5_000, 'live again');

	expect(f.state().requestsTotal).toBe(Number(await h.writer.get(KEYS.requestsTotal)));
	// applied deltas only ever move forward, one seq at a time between snapshots
	for (let i = 1; i < applied.length; i++) expect(applied[i]!).toBeGreaterThan(applied[i - 1]!);
	expect(new Set(applied).size).toBe(applied.length);
});
