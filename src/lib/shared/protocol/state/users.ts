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
	users: number;
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
	ranges: { days: RangeDays; bySpend: UserRow[]; byRequests: UserRow[] | null; teams: TeamRow[] }[];
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
	groups: (GroupSummary & { rows: UserRow[] })[];
	changes: ChangeView[];
}
