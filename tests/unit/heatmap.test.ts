// The users heatmap in the dashboard's zone, half-hour zones included: events are counted
// at their local hour, so UTC+5:30 puts 00:15 UTC at 05:45 and 00:45 UTC at 06:15.
import { describe, expect, it } from 'vitest';
import type { Collection } from '../../src/lib/server/platform/collection.ts';
import type { Group } from '../../src/lib/shared/protocol/groups.ts';
import { fixedZone } from '../../src/lib/shared/time.ts';
import { Store } from '../../src/lib/server/pipeline/store.ts';
import { UsersTopic } from '../../src/lib/server/rooms/topics/users.ts';

const groups = { list: () => [] } as unknown as Collection<Group>;
const MONDAY = Date.UTC(2026, 10, 23); // Monday 2026-11-23 00:00 UTC

function heatmap(offset: number, times: number[]) {
	const store = new Store(fixedZone(offset));
	for (const t of times) store.countHourOfWeek(t);
	const h = new UsersTopic({ timezone: fixedZone(offset), groups, changes: () => [] }).derive(
		store,
		MONDAY
	).heatmap;
	if (h.source !== 'events') throw new Error('expected event counts');
	return h;
}

describe('activity heatmap', () => {
	it('shifts by half hours for a UTC+5:30 zone', () => {
		const h = heatmap(5.5, [MONDAY + 15 * 60_000, MONDAY + 45 * 60_000, MONDAY + 45 * 60_000]);
		expect(h.zone).toBe('+05:30');
		expect(h.cells[1]![5]).toBe(1); // 00:15 UTC = 05:45 local, Monday
		expect(h.cells[1]![6]).toBe(2); // 00:45 UTC = 06:15 local
		expect(h.cells.flat().reduce((a, b) => a + b, 0)).toBe(3);
	});

	it('wraps across the week: Sunday 23:45 local for a UTC−1 zone is Monday 00:45 UTC', () => {
		const h = heatmap(-1, [MONDAY + 45 * 60_000]);
		expect(h.cells[0]![23]).toBe(1);
	});
});
