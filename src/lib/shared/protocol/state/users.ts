// The User Management room: top users, teams, growth, the heatmap and groups.
import type { Zone } from '../../time.ts';
import type { GroupSummary, RangeDays } from './cost.ts';

export interface UserRow {
	user: string;
	team: string | null;
	spendUsd: number;
	requests: number | null;
	hits: number | null;
	hitRate: number | null;
	firstSeen: string | null;
}

export interface TeamRow {
	team: string;
	/** members with spend or requests in the range */
	users: number;
	/** members known from helix:user:team, active or not */
	members: number;
	spendUsd: number;
	requests: number | null;
	hits: number | null;
	hitRate: number | null;
}

export interface ChangeView {
	at: number;
	kind: string;
	action: string;
	name: string;
	who: string;
}

export interface UsersState {
	userCount: number;
	requestsKnown: boolean;
	teamsKnown: boolean;
	ranges: {
		days: RangeDays;
		/** users with spend or requests in the range (all of them, not just the listed TOP) */
		activeUsers: number;
		bySpend: UserRow[];
		byRequests: UserRow[] | null;
		/** null: helix:user:team does not exist */
		teams: TeamRow[] | null;
	}[];
	growth: { date: string; newUsers: number; activeUsers: number }[];
	heatmap:
		| {
				source: 'events';
				events: number;
				since: number | null;
				/** the zone whose local hours the cells are */
				zone: Zone;
				cells: number[][];
		  }
		| { source: 'daily'; weekday: number[] };
	/** each group with its members' rows for each range (at most 500 members) */
	groups: (GroupSummary & {
		rows: Record<RangeDays, UserRow[]>;
		teams: Record<RangeDays, TeamRow[] | null>;
	})[];
	changes: ChangeView[];
}
