// The request tail's live rows go to a watcher at most every SEND_MS (issue 22): a burst of
// reads becomes one message, in stream order, nothing dropped; the first row after a quiet
// spell goes at once; a watcher's held rows are bounded (a full buffer goes at once).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseEvent } from '../../src/lib/shared/contract/parse.ts';
import type { TailRow } from '../../src/lib/shared/protocol/tail.ts';
import { SEND_MAX_ROWS, SEND_MS, TailService } from '../../src/lib/server/explore/tail.ts';
import type { HelixSocket } from '../../src/lib/server/socket/types.ts';

function entry(ms: number, seq: number, model = 'gpt-4o') {
	const id = `${ms}-${seq}`;
	const p = parseEvent(id, {
		model,
		user: 'u1',
		team: 'red',
		outcome: 'miss',
		latency_ms: '100',
		cost_usd: '0.01'
	});
	if (!p.ok) throw new Error(p.error);
	return { id, ev: p.value };
}

function fakeSocket() {
	const sent: TailRow[][] = [];
	const socket = {
		emit: (event: string, body: { rows: TailRow[] }) => {
			if (event === 'tail:rows') sent.push(body.rows);
		}
	} as unknown as HelixSocket;
	return { socket, sent };
}

describe('the tail sends live rows at most every SEND_MS', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('one message per SEND_MS under a burst, every row once and in order', () => {
		let mono = 1_000;
		const tail = new TailService(
			() => null as never,
			'helix:events',
			() => mono
		);
		const a = fakeSocket();
		const b = fakeSocket();
		tail.watch(a.socket, {}, null);
		tail.watch(b.socket, { model: 'claude-3' }, null);
		// a lone row after a quiet spell: at once
		tail.offer([entry(1_000, 0)]);
		expect(a.sent).toHaveLength(1);
		// 50 reads 5 ms apart (a flush each, 1,000 req/s): held, then sent together
		const ids: string[] = [];
		for (let i = 1; i <= 50; i++) {
			mono += 5;
			vi.advanceTimersByTime(5);
			const e = [entry(1_000 + i, 0), entry(1_000 + i, 1, i === 30 ? 'claude-3' : 'gpt-4o')];
			ids.push(...e.map((x) => x.id));
			tail.offer(e);
		}
		// 250 ms after the first send: one more message (with what came in that time), then
		// the rest on the next trailing edge
		mono += SEND_MS;
		vi.advanceTimersByTime(SEND_MS);
		expect(a.sent.length).toBeLessThanOrEqual(3);
		expect(a.sent.flat().map((r) => r.id)).toEqual(['1000-0', ...ids]);
		// a watcher receives only its filter's rows, also held and sent together
		expect(b.sent.flat().map((r) => r.id)).toEqual(['1030-1']);
		tail.close();
	});

	it("sends a watcher's full buffer at once (bounded), and a new watch drops what it held", () => {
		let mono = 0;
		const tail = new TailService(
			() => null as never,
			'helix:events',
			() => mono
		);
		const a = fakeSocket();
		tail.watch(a.socket, {}, null);
		tail.offer([entry(1, 0)]); // sent at once; the next rows wait for the cadence
		mono += 1;
		tail.offer(Array.from({ length: SEND_MAX_ROWS - 1 }, (_, i) => entry(2, i)));
		expect(a.sent).toHaveLength(1);
		tail.offer([entry(3, 0)]);
		expect(a.sent).toHaveLength(2); // full: out without waiting
		expect(a.sent[1]).toHaveLength(SEND_MAX_ROWS);
		// rows held under an old filter are not sent after a new watch (its backfill reads them)
		tail.offer([entry(4, 0)]);
		tail.watch(a.socket, { model: 'other' }, null);
		mono += SEND_MS;
		vi.advanceTimersByTime(SEND_MS);
		expect(a.sent).toHaveLength(2);
		tail.close();
	});
});
