// What an export reads: the dashboard's store, the rooms' current state, the collections and
// the log tail. A narrow view of the running dashboard, so export/ depends on no wiring.
import type { Budget } from '../../shared/protocol/cost.ts';
import type { Group } from '../../shared/protocol/groups.ts';
import type { RoomName, RoomSnapshot } from '../../shared/protocol/rooms.ts';
import type { Store } from '../pipeline/store.ts';
import type { Collection } from '../platform/collection.ts';
import type { LogTail } from '../platform/logging/log-tail.ts';

export interface ExportSources {
	store: Store;
	snapshot<R extends RoomName>(room: R): RoomSnapshot<R>;
	cost: { budgets: Collection<Budget> };
	groups: Collection<Group>;
	logging: { tail: LogTail };
}

/** Day numbers (days since 1970-01-01), both ends included. */
export interface ExportRange {
	from: number;
	to: number;
}
