// The users dataset: per-user figures, teams, groups and growth.
import { dateOfDay } from '../../pipeline/day-series.ts';
import { userRow } from '../../rooms/topics/users.ts';
import type { ExportRange, ExportSources } from '../sources.ts';
import type { Dataset } from '../table.ts';

export function users(rt: ExportSources, r: ExportRange): Dataset {
	const { store } = rt;
	const snap = rt.snapshot('users');
	const growth = snap.state.growth.filter(
		(g) => g.date >= dateOfDay(r.from) && g.date <= dateOfDay(r.to)
	);
	return {
		name: 'users',
		title: 'User analytics',
		summary: [
			['users', store.entities.users.size],
			[
				'requests per user known',
				store.entities.requestsKnown ? 'yes' : 'no: needs helix:requests:user:*'
			]
		],
		tables: [
			{
				name: 'users',
				title: 'Users over the range',
				columns: [
					{ key: 'user', label: 'user', type: 'string' },
					{ key: 'team', label: 'team', type: 'string' },
					{ key: 'spend_usd', label: 'spend_usd', type: 'number' },
					{ key: 'requests', label: 'requests', type: 'number' },
					{ key: 'hits', label: 'hits', type: 'number' },
					{ key: 'hit_rate', label: 'hit_rate', type: 'number' },
					{ key: 'first_seen', label: 'first_seen', type: 'date' }
				],
				*rows() {
					for (const [u, s] of store.entities.users) {
						const x = userRow(store, u, s, r.from, r.to);
						yield {
							user: x.user,
							team: x.team,
							spend_usd: x.spendUsd,
							requests: x.requests,
							hits: x.hits,
							hit_rate: x.hitRate,
							first_seen: x.firstSeen
						};
					}
				}
			},
			{
				name: 'teams',
				title: 'Teams (range totals)',
				columns: [
					{ key: 'team', label: 'team', type: 'string' },
					{ key: 'users', label: 'users', type: 'number' },
					{ key: 'spend_usd', label: 'spend_usd', type: 'number' },
					{ key: 'requests', label: 'requests', type: 'number' }
				],
				*rows() {
					const t = new Map<string, { users: number; spend: number; requests: number | null }>();
					for (const [u, s] of store.entities.users) {
						const team = store.entities.teams.get(u);
						if (!team) continue;
						const x = userRow(store, u, s, r.from, r.to);
						const cur = t.get(team) ?? {
							users: 0,
							spend: 0,
							requests: x.requests === null ? null : 0
						};
						cur.users++;
						cur.spend += x.spendUsd;
						if (cur.requests !== null && x.requests !== null) cur.requests += x.requests;
						t.set(team, cur);
					}
					for (const [team, v] of t)
						yield { team, users: v.users, spend_usd: v.spend, requests: v.requests };
				}
			},
			{
				name: 'groups',
				title: 'Group members',
				columns: [
					{ key: 'group', label: 'group', type: 'string' },
					{ key: 'user', label: 'user', type: 'string' }
				],
				*rows() {
					for (const g of rt.groups.list())
						for (const u of g.users) yield { group: g.name, user: u };
				}
			},
			{
				name: 'growth',
				title: 'New and active users per day',
				columns: [
					{ key: 'date', label: 'date', type: 'date' },
					{ key: 'new_users', label: 'new_users', type: 'number' },
					{ key: 'active_users', label: 'active_users', type: 'number' }
				],
				*rows() {
					for (const g of growth)
						yield { date: g.date, new_users: g.newUsers, active_users: g.activeUsers };
				}
			}
		]
	};
}
