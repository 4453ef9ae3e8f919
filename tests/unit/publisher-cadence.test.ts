// A room's publish cadence (issue 22): under sustained changes a room publishes at most once
// per cadence, the last change on the trailing edge; a lone change and a change to an urgent
// field go at once; seqs stay contiguous, so a browser never sees a gap.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RoomPublisher } from '../../src/lib/server/rooms/publisher.ts';
import {
	audienceCadence,
	CADENCE_AUDIENCE,
	MAX_CADENCE_MS
} from '../../src/lib/server/rooms/room-set.ts';
import { Store } from '../../src/lib/server/pipeline/store.ts';

interface Fields {
	count: number;
	incidents: number;
}

describe('RoomPublisher cadence', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	function setup(cadenceMs: number | (() => number)) {
		const store = new Store();
		const fields: Fields = { count: 0, incidents: 0 };
		let mono = 10_000;
		let derives = 0;
		const topic = {
			room: 'overview' as const,
			urgent: () => ({ incidents: fields.incidents }) as never,
			derive: () => {
				derives++;
				return { ...fields } as never;
			}
		};
		const out: { seq: number; changes: Partial<Fields> }[] = [];
		const pub = new RoomPublisher(
			topic as never,
			(d) => out.push({ seq: d.seq, changes: d.changes as Partial<Fields> }),
			5,
			store,
			() => 0,
			{ cadenceMs, monotonic: () => mono }
		);
		/** the monotonic clock and the timers move together */
		const advance = (ms: number) => {
			mono += ms;
			vi.advanceTimersByTime(ms);
		};
		const change = (f: Partial<Fields>) => {
			Object.assign(fields, f);
			pub.refresh(store, 0);
		};
		return { pub, out, advance, change, derives: () => derives };
	}

	it('sends a lone change at once, then at most one delta per cadence with the latest figures', () => {
		const { pub, out, advance, change, derives } = setup(250);
		change({ count: 1 });
		expect(out).toEqual([{ seq: 1, changes: { count: 1 } }]);
		// 1,000 changes a second for a second: 4 deltas, not 1,000
		for (let i = 2; i <= 1_001; i++) {
			advance(1);
			change({ count: i });
		}
		advance(250);
		expect(out.length).toBeLessThanOrEqual(6);
		expect(out.length).toBeGreaterThanOrEqual(4);
		// and a held change costs no derive: about one per delta sent
		expect(derives()).toBeLessThanOrEqual(out.length + 2);
		// nothing lost: the last delta carries the last figure, and seqs are contiguous
		expect(out.at(-1)!.changes).toEqual({ count: 1_001 });
		expect(out.map((d) => d.seq)).toEqual(out.map((_, i) => i + 1));
		expect(pub.snapshot().state).toMatchObject({ count: 1_001 });
		// a quiet cadence later, a lone change goes at once again
		advance(1_000);
		const before = out.length;
		change({ count: 2_000 });
		expect(out.length).toBe(before + 1);
		pub.close();
	});

	it('sends a change to an urgent field at once, with whatever else changed', () => {
		const { pub, out, advance, change } = setup(250);
		change({ count: 1 });
		advance(10);
		change({ count: 2 }); // held for the cadence
		expect(out).toHaveLength(1);
		advance(10);
		change({ incidents: 1 }); // news: not held
		expect(out).toHaveLength(2);
		expect(out[1]).toEqual({ seq: 2, changes: { count: 2, incidents: 1 } });
		// the trailing edge finds nothing new to send
		advance(500);
		expect(out).toHaveLength(2);
		pub.close();
	});

	it('sends every change when the room has no cadence', () => {
		const { pub, out, advance, change } = setup(0);
		for (let i = 1; i <= 50; i++) {
			advance(1);
			change({ count: i });
		}
		expect(out).toHaveLength(50);
		pub.close();
	});

	it('follows a cadence asked at each change: fewer deltas for a larger audience', () => {
		let members = 1_000;
		const { pub, out, advance, change } = setup(() => audienceCadence(members));
		/** deltas sent over a second of 1,000 changes a second */
		const second = () => {
			const before = out.length;
			for (let i = 0; i < 1_000; i++) {
				advance(1);
				change({ count: out.length * 10_000 + i });
			}
			return out.length - before;
		};
		const few = second();
		expect(few).toBeGreaterThanOrEqual(4);
		expect(few).toBeLessThanOrEqual(5);
		members = 10_000;
		advance(1_000);
		const fewer = second();
		expect(fewer).toBeGreaterThanOrEqual(1);
		expect(fewer).toBeLessThanOrEqual(2);
		// an incident still goes at once
		const before = out.length;
		change({ incidents: 1 });
		expect(out.length).toBe(before + 1);
		pub.close();
	});
});

describe('audienceCadence', () => {
	it('grows by 250 ms per CADENCE_AUDIENCE members on the node, up to MAX_CADENCE_MS', () => {
		expect(audienceCadence(0)).toBe(250);
		expect(audienceCadence(1)).toBe(250);
		expect(audienceCadence(CADENCE_AUDIENCE)).toBe(250);
		expect(audienceCadence(CADENCE_AUDIENCE + 1)).toBe(500);
		expect(audienceCadence(3 * CADENCE_AUDIENCE)).toBe(750);
		expect(audienceCadence(10_000)).toBe(MAX_CADENCE_MS);
		expect(audienceCadence(1_000_000)).toBe(MAX_CADENCE_MS);
	});
});
