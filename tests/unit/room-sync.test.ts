import { describe, expect, it } from 'vitest';
import { RoomSync } from '../../src/lib/client/room-sync.ts';
import type { Reply } from '../../src/lib/shared/protocol/reply.ts';
import type { Delta, Snapshot } from '../../src/lib/shared/protocol/rooms.ts';
import type { OverviewState } from '../../src/lib/shared/protocol/state/overview.ts';

const state = (requestsTotal: number): OverviewState => ({
	requestsTotal,
	cacheHits: 0,
	hitRate: 0,
	costSavedUsd: null,
	spendTodayUsd: null,
	spendTotalUsd: null,
	today: '2026-01-01',
	latency: null,
	golden: null,
	piiIncidents: null,
	lastWriteAt: null,
	problems: []
});

function server(seq: number, total: number) {
	const calls: number[] = [];
	let snap: Snapshot<'overview'> = {
		room: 'overview',
		seq,
		at: 0,
		state: state(total),
		series: []
	};
	return {
		calls,
		set(s: number, t: number) {
			snap = { ...snap, seq: s, state: state(t) };
		},
		join: async (): Promise<Reply<Snapshot>> => {
			calls.push(snap.seq);
			return { ok: true, data: snap };
		}
	};
}

const delta = (seq: number, requestsTotal: number, t?: number): Delta<'overview'> => ({
	room: 'overview',
	seq,
	at: 0,
	changes: { requestsTotal },
	...(t !== undefined ? { series: [{ t, reqPerS: 1, hitRate: null, spendPerMin: null }] } : {})
});

describe('RoomSync (snapshot, then deltas by seq)', () => {
	it('applies consecutive deltas and ignores ones already in the snapshot', async () => {
		const srv = server(5, 50);
		const sync = new RoomSync('overview', srv.join, 3, () => {});
		await sync.resync();
		expect(sync.apply(delta(5, 49))).toBe('stale');
		expect(sync.apply(delta(6, 60, 1))).toBe('applied');
		expect(sync.view!.state.requestsTotal).toBe(60);
	});

	it('re-snapshots on a gap instead of applying a delta out of order', async () => {
		const srv = server(1, 10);
		const sync = new RoomSync('overview', srv.join, 10, () => {});
		await sync.resync();
		srv.set(9, 90);
		expect(sync.apply(delta(3, 30))).toBe('gap');
		await new Promise((r) => setTimeout(r, 0));
		expect(sync.view).toMatchObject({ seq: 9, state: { requestsTotal: 90 } });
		expect(sync.resyncs).toBe(1);
		expect(srv.calls).toEqual([1, 9]);
	});

	it('holds deltas that arrive during a join and applies only the newer ones after it', async () => {
		const srv = server(4, 40);
		const sync = new RoomSync('overview', srv.join, 10, () => {});
		const p = sync.resync();
		expect(sync.apply(delta(4, 40))).toBe('no-snapshot');
		expect(sync.apply(delta(5, 50))).toBe('no-snapshot');
		await p;
		expect(sync.view).toMatchObject({ seq: 5, state: { requestsTotal: 50 } });
	});

	it('keeps at most maxPoints series points', async () => {
		const sync = new RoomSync('overview', server(0, 0).join, 3, () => {});
		await sync.resync();
		for (let i = 1; i <= 5; i++) sync.apply(delta(i, i, i));
		expect(sync.view!.series.map((p) => p.t)).toEqual([3, 4, 5]);
	});
});
