// Every room, its state and series point, and the snapshot and delta that carry them.
// Snapshot and Delta are unions over the rooms: checking `.room` narrows the state's type,
// so no consumer needs a cast.
import type { AlertsState } from './state/alerts.ts';
import type { CachePoint, CacheState } from './state/cache.ts';
import type { CostState } from './state/cost.ts';
import type { OverviewState, TrendPoint } from './state/overview.ts';
import type { SecurityState } from './state/security.ts';
import type { SystemPoint, SystemState } from './state/system.ts';
import type { UsersState } from './state/users.ts';

/** Every room: its state and the type of one point of its time series. */
export interface Rooms {
	overview: { state: OverviewState; point: TrendPoint };
	system: { state: SystemState; point: SystemPoint };
	security: { state: SecurityState; point: never };
	cache: { state: CacheState; point: CachePoint };
	cost: { state: CostState; point: never };
	users: { state: UsersState; point: never };
	alerts: { state: AlertsState; point: never };
}

export type RoomName = keyof Rooms;

export const ROOM_NAMES: readonly RoomName[] = [
	'overview',
	'cost',
	'cache',
	'security',
	'users',
	'system',
	'alerts'
];

export type RoomState<R extends RoomName> = Rooms[R]['state'];
export type RoomPoint<R extends RoomName> = Rooms[R]['point'];

/** One room's snapshot: the whole state and series at `seq`. */
export interface RoomSnapshot<R extends RoomName> {
	room: R;
	seq: number;
	at: number;
	state: RoomState<R>;
	series: RoomPoint<R>[];
}

/** One room's delta: the fields that changed since `seq - 1`. */
export interface RoomDelta<R extends RoomName> {
	room: R;
	/** exactly previous seq + 1; a gap means a lost delta and the client re-snapshots */
	seq: number;
	at: number;
	changes: Partial<RoomState<R>>;
	/** points to append to the series */
	series?: RoomPoint<R>[];
}

/** A snapshot of room R, or (without R) of any room, discriminated by `room`. */
export type Snapshot<R extends RoomName = RoomName> = { [K in R]: RoomSnapshot<K> }[R];
/** A delta of room R, or (without R) of any room, discriminated by `room`. */
export type Delta<R extends RoomName = RoomName> = { [K in R]: RoomDelta<K> }[R];

/** Narrows a delta of any room to room `room`'s (a type guard, not a cast). */
export function isDeltaOf<R extends RoomName>(d: { room: RoomName }, room: R): d is RoomDelta<R> {
	return d.room === room;
}

/** Narrows a snapshot of any room to room `room`'s. */
export function isSnapshotOf<R extends RoomName>(
	s: { room: RoomName },
	room: R
): s is RoomSnapshot<R> {
	return s.room === room;
}
