// The users dataset: per-user figures, teams, groups and growth.
import { dateOfDay } from '../../pipeline/day-series.ts';
import { shownRow, userRow } from '../../rooms/topics/users.ts';
import { teamRows } from '../../rooms/topics/team-rows.ts';
import { redactText } from '../../security/pii/redact.ts';
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
						// an id may be an e-mail address: redacted as it leaves (one row at a time, streamed)
						const x = shownRow(userRow(store, u, s, r.from, r.to));
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
					{ key: 'active_users', label: 'active_users', type: 'number' },
					{ key: 'members', label: 'members', type: 'number' },
					{ key: 'spend_usd', label: 'spend_usd', type: 'number' },
					{ key: 'requests', label: 'requests', type: 'number' }
				],
				*rows() {
					const rows = [...store.entities.users].map(([u, s]) =>
						userRow(store, u, s, r.from, r.to)
					);
					for (const t of teamRows(store, rows) ?? [])
						yield {
							team: t.team,
							active_users: t.users,
							members: t.members,
							spend_usd: t.spendUsd,
							requests: t.requests
						};
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
						for (const u of g.users) yield { group: g.name, user: redactText(u) };
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
