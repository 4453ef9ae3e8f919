// The one place Socket.IO event names and payloads are defined. Server and client use
// these maps as generics, so an event name or payload cannot drift between them.
// When a payload must change shape, add a new event (e.g. `delta:v2`) instead.

import type { SloStatus } from './slo.ts';
import type { AlertChannelName, AlertNotice, AlertSeverity } from './alerts.ts';
import type { Principal } from '../auth.ts';
import type { NocConfig } from './noc.ts';
import type { Delta, RoomName, Snapshot } from './rooms.ts';
import type { CacheFlushRequest } from './cache.ts';
import type { Reply } from './reply.ts';
import type { UsersSearchRequest } from './users.ts';
import type { EntitySearchAnswer, EntitySearchRequest } from './search.ts';
import type { UserRow } from './state/users.ts';
import type { BudgetScope } from './state/cost.ts';
import type { Health } from './health.ts';
import type { HistoryPoint, HistoryWatch } from './history.ts';
import type { TailBatch, TailPageRequest, TailRow, TailWatch } from './tail.ts';

/** A budget reached one of its thresholds this month (the alert system turns it into notifications). */
export interface BudgetEvent {
	budgetId: string;
	name: string;
	scope: BudgetScope;
	target: string | null;
	threshold: number;
	severity: AlertSeverity;
	/** absent: the alert routing's channels for the severity */
	channels?: AlertChannelName[];
	percent: number;
	spentUsd: number;
	monthlyUsd: number;
	month: string;
	at: number;
}

export interface ServerToClientEvents {
	/** a room's changes since the previous seq */
	delta: (delta: Delta) => void;
	/** every HEARTBEAT_MS to every socket: the connection badge and health strip */
	heartbeat: (health: Health) => void;
	/** to every socket, once per crossing */
	budget: (event: BudgetEvent) => void;
	/** an alert changed state (firing, resolved) or repeats: a toast on every open dashboard */
	alert: (notice: AlertNotice) => void;
	/** what NOC walls show; sent on connect and whenever an operator changes it */
	noc: (config: NocConfig) => void;
	/** to admins only: accounts or display tokens changed (the Admin page reloads its lists) */
	admin: (change: { kind: 'accounts' }) => void;
	/** the newest steps of a watched history query (the closed one and the open one) */
	'history:tip': (tip: { id: string; points: HistoryPoint[] }) => void;
	/** every objective's status, when it changed (the /slo page and the wall's SLO panel) */
	slo: (statuses: SloStatus[]) => void;
	/** new requests matching the socket's tail filter, in stream order */
	'tail:rows': (batch: { rows: TailRow[] }) => void;
}

export interface ClientToServerEvents {
	/** join a room; the reply is its snapshot (also the answer to a seq gap) */
	join: (room: RoomName, ack: (reply: Reply<Snapshot>) => void) => void;
	leave: (room: RoomName) => void;
	/** dry run: how many cache entries a flush would delete */
	'cache:count': (req: CacheFlushRequest, ack: (reply: Reply<{ count: number }>) => void) => void;
	/** delete them (progress in the cache room's state.flush) */
	'cache:flush': (req: CacheFlushRequest, ack: (reply: Reply<{ id: string }>) => void) => void;
	/** users whose id contains `query` (case-insensitive), with their figures over `days` */
	'users:search': (req: UsersSearchRequest, ack: (reply: Reply<UserRow[]>) => void) => void;
	/** the header search: models, users and teams whose id (or a part of it) starts with `q` */
	search: (req: EntitySearchRequest, ack: (reply: Reply<EntitySearchAnswer>) => void) => void;
	/** follow the live tip of a history query (its metric, series, tier and step) */
	'history:watch': (req: HistoryWatch, ack: (reply: Reply<{ id: string }>) => void) => void;
	'history:unwatch': (id: string) => void;
	/** follow the request tail through a filter; the reply holds the rows after `after` */
	'tail:watch': (req: TailWatch, ack: (reply: Reply<TailBatch>) => void) => void;
	'tail:unwatch': () => void;
	/** older requests, newest first, before `before` */
	'tail:page': (req: TailPageRequest, ack: (reply: Reply<TailBatch>) => void) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InterServerEvents {}

export interface SocketData {
	joinedAt: number;
	/** who opened the connection (checked at the handshake, with the session cookie) */
	principal: Principal;
	/** the session's digest ('' when auth is off or a bearer token was used) */
	session: string;
	/** the display token presented as a bearer (none with a cookie session) */
	tokenId?: string;
	ip: string;
}

/** The server sends a heartbeat this often; the client calls the feed stale after 3 missed. */
export const HEARTBEAT_MS = 2_000;
export const STALE_AFTER_MS = 3 * HEARTBEAT_MS;
