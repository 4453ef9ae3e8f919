// Every room's publisher, the team-scoped copies, and which rooms anyone watches. A scoped
// copy (a team-limited account's view of a room, in a Socket.IO room of its own) is made on
// the first join and dropped when its last member leaves.
import type { Principal } from '../../shared/auth.ts';
import {
	isSnapshotOf,
	type Delta,
	type RoomDelta,
	type RoomName,
	type RoomSnapshot
} from '../../shared/protocol/rooms.ts';
import type { Clock } from '../../shared/time.ts';
import { TEAM_ROOMS } from '../auth/policy.ts';
import type { Store } from '../pipeline/store.ts';
import { FanOut } from '../socket/fan-out.ts';
import { roomSize } from '../socket/server.ts';
import type { HelixServer } from '../socket/types.ts';
import { RoomPublisher, type PublisherOptions } from './publisher.ts';
import type { Topics } from './topics/index.ts';
import type { Topic } from './topics/topic.ts';

/** Rooms with the most work per derive (rows for the shown users, every team) and the most
 * for a browser per delta (tables of 100 rows, several charts: ~30 ms of a page's main thread
 * each): at most one derivation a second. They read incremental aggregates (no walk over every
 * user); spend over days read once a second is as fresh as anyone reads it. */
const HEAVY_ROOMS = new Set<RoomName>(['cost', 'users']);
const HEAVY_MIN_MS = 1_000;
/** a heavy room waits 4× its last derive's duration before the next: at most ~20% of the loop */
const HEAVY_COST_FACTOR = 4;

/** Rooms whose counters change with every gateway request: under sustained traffic they
 * publish at most 4 times a second (each delta costs every open page a frame), while their
 * topic's urgent fields (incidents, problems, a flush) go out at once. */
const CADENCE_ROOMS = new Set<RoomName>(['overview', 'cache']);
const CADENCE_MS = 250;
/** A delta costs one socket write per member: 10,000 Overview sockets at 4 deltas a second were
 * 40,000 writev calls a second, half the server's CPU spent in them (a CPU profile of
 * `npm run bench -- --only sockets`) and /api/health p99 at 53–68 ms. So a cadence room's
 * cadence grows by CADENCE_MS for every CADENCE_AUDIENCE members on this node, up to
 * MAX_CADENCE_MS: its counter deltas cost at most ~10,000 writes a second until the cap, and
 * a NOC wall of thousands of screens sees its totals once a second. Urgent fields never wait. */
export const CADENCE_AUDIENCE = 2_500;
export const MAX_CADENCE_MS = 1_000;

/** the cadence of a cadence room with `members` sockets on this node */
export function audienceCadence(members: number): number {
	return Math.min(MAX_CADENCE_MS, CADENCE_MS * Math.max(1, Math.ceil(members / CADENCE_AUDIENCE)));
}

type Publishers = { [R in RoomName]: RoomPublisher<R> };
/** the publisher of some room (a union: each member keeps its room's types) */
export type AnyPublisher = Publishers[RoomName];
export type Served = { pub: AnyPublisher; channel: string } | { error: string };

export interface RoomSetDeps {
	io: HelixServer;
	store: Store;
	clock: Clock;
	maxPoints: number;
	topics: Topics;
	/** the users room as an account limited to these teams sees it */
	scopedUsers: (teams: Set<string>) => Topic<'users'>;
	/** each delta sent, by room (metrics) */
	onDelta: (room: RoomName) => void;
}

export class RoomSet {
	readonly #pubs: Publishers;
	readonly #scoped = new Map<string, RoomPublisher<'users'>>();
	readonly #watch: Partial<Record<RoomName, (on: boolean) => void>> = {};
	/** deltas to rooms of thousands go out in chunks (socket/fan-out.ts) */
	readonly #fan: FanOut;

	constructor(private readonly deps: RoomSetDeps) {
		this.#fan = new FanOut(deps.io);
		const { io, topics } = deps;
		const send = (d: Delta) => {
			deps.onDelta(d.room);
			this.#fan.send(d.room, d);
		};
		// one line per room: each publisher is typed by its own room, so its deltas need no cast
		this.#pubs = {
			overview: this.#make(topics.overview, send),
			system: this.#make(topics.system, send),
			security: this.#make(topics.security, send),
			cache: this.#make(topics.cache, send),
			cost: this.#make(topics.cost, send),
			users: this.#make(topics.users, send),
			alerts: this.#make(topics.alerts, send)
		};
		const adapter = io.of('/').adapter;
		adapter.on('join-room', (room: string) => this.#watch[room as RoomName]?.(true));
		adapter.on('leave-room', (room: string) => {
			if (roomSize(io, room)) return;
			this.#watch[room as RoomName]?.(false);
			this.#scoped.get(room)?.close();
			this.#scoped.delete(room);
		});
	}

	#make<R extends RoomName>(
		topic: Topic<R>,
		emit: (d: RoomDelta<R>) => void,
		channel: string = topic.room
	): RoomPublisher<R> {
		const { io, store, clock, maxPoints } = this.deps;
		const opts: PublisherOptions = {
			isWatched: () => roomSize(io, channel) > 0,
			minIntervalMs: HEAVY_ROOMS.has(topic.room) ? HEAVY_MIN_MS : 0,
			costFactor: HEAVY_ROOMS.has(topic.room) ? HEAVY_COST_FACTOR : 0,
			cadenceMs: CADENCE_ROOMS.has(topic.room) ? () => audienceCadence(roomSize(io, channel)) : 0
		};
		return new RoomPublisher(topic, emit, maxPoints, store, () => clock.now(), opts);
	}

	/** `fn(true)` when the room gains its first member, `fn(false)` when it loses its last. */
	onWatched(room: RoomName, fn: (on: boolean) => void): void {
		this.#watch[room] = fn;
	}

	snapshot<R extends RoomName>(room: R): RoomSnapshot<R> {
		return this.#pubs[room].snapshot();
	}

	/** After a store change: every room (or one) publishes what changed. */
	refresh(room?: RoomName): void {
		const now = this.deps.clock.now();
		if (room) {
			this.#pubs[room].refresh(this.deps.store, now);
			if (room === 'users') for (const p of this.#scoped.values()) p.refresh(this.deps.store, now);
			return;
		}
		for (const p of this.#all()) p.refresh(this.deps.store, now);
	}

	/** Trend tick: a series point per room (a gap point while Redis is away). */
	tick(connected = true): void {
		const now = this.deps.clock.now();
		for (const p of this.#all()) p.tick(this.deps.store, now, connected);
	}

	/** Near local midnight, a step (≤ 4 ms) of the next day's user aggregates (no stall at the roll). */
	ahead(): void {
		this.deps.store.entities.aggregates.ahead(this.deps.clock.now(), this.deps.store.zone);
	}

	/** The publisher that serves `room` to this caller, and the Socket.IO room to join. */
	serve(room: RoomName, p: Principal): Served {
		if (!p.teams) return { pub: this.#pubs[room], channel: room };
		if (!TEAM_ROOMS.has(room))
			return {
				error: `forbidden: ${p.user} is limited to teams ${p.teams.join(', ')} and the ${room} room spans every team`
			};
		const teams = [...p.teams].sort();
		const channel = `${room}@${teams.join(',')}`;
		let pub = this.#scoped.get(channel);
		if (!pub) {
			pub = this.#make(
				this.deps.scopedUsers(new Set(teams)),
				(d) => {
					this.deps.onDelta(d.room);
					this.#fan.send(channel, d);
				},
				channel
			);
			this.#scoped.set(channel, pub);
		}
		return { pub, channel };
	}

	/** The room as this caller may see it (undefined: not theirs), without joining it. */
	snapshotFor<R extends RoomName>(
		room: R,
		principal: Principal | null
	): RoomSnapshot<R> | undefined {
		if (!principal) return undefined;
		const r = this.serve(room, principal);
		if ('error' in r) return undefined;
		const served = r.pub.snapshot();
		const snap = isSnapshotOf(served, room) ? served : undefined;
		// a scoped copy nobody has joined yet is dropped again (the join makes its own)
		if (r.channel !== room && roomSize(this.deps.io, r.channel) === 0) {
			r.pub.close();
			this.#scoped.delete(r.channel);
		}
		return snap;
	}

	#all(): AnyPublisher[] {
		return [...Object.values(this.#pubs), ...this.#scoped.values()];
	}

	close(): void {
		for (const p of this.#all()) p.close();
		this.#scoped.clear();
	}
}
