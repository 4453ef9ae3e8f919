// The five export datasets (names outside tools rely on): spend, users, cache, security,
// system. Built from what the dashboard holds — the same figures the pages show, already
// redacted where text came from outside.
import { KEYS } from '../../shared/contract.ts';
import { dateInZone } from '../../shared/time.ts';
import type { Snapshot } from '../../shared/types.ts';
import { budgetView, monthFrame, totalSeries } from '../cost/spend.ts';
import { dateOfDay, type DaySeries } from '../day-series.ts';
import type { Realtime } from '../realtime.ts';
import { userRow } from '../topics/users.ts';
import type { Dataset, Row } from './table.ts';

export const DATASETS = ['spend', 'users', 'cache', 'security', 'system'] as const;
export type DatasetName = (typeof DATASETS)[number];

export interface ExportRange {
	from: number;
	to: number;
}

function* perDay(name: string, key: string, series: DaySeries | undefined, r: ExportRange, extra: Row = {}): Generator<Row> {
	if (!series) return;
	for (let d = Math.max(r.from, series.start); d <= Math.min(r.to, series.end); d++) {
		const v = series.at(d);
		if (v > 0) yield { [key]: name, ...extra, date: dateOfDay(d), spend_usd: v };
	}
}

function spend(rt: Realtime, r: ExportRange, offset: number, now: number): Dataset {
	const { store } = rt;
	const total = totalSeries(store);
	const saved = totalSeries(store, KEYS.savedTotal);
	const ents = store.entities;
	const frame = monthFrame(dateInZone(now, offset));
	return {
		name: 'spend',
		title: 'Spending',
		summary: [
			['total spend in range (USD)', total ? total.sum(r.from, r.to) : 'no data: helix:spend:total'],
			['saved by the cache in range (USD)', saved ? saved.sum(r.from, r.to) : 'no data: helix:saved:total'],
			['users with spend', ents.users.size],
			['models', ents.models.size]
		],
		tables: [
			{
				name: 'daily_total',
				title: 'Daily total',
				columns: [
					{ key: 'date', label: 'date', type: 'date' },
					{ key: 'spend_usd', label: 'spend_usd', type: 'number' },
					{ key: 'saved_usd', label: 'saved_usd', type: 'number' }
				],
				*rows() {
					for (let d = r.from; d <= r.to; d++) yield { date: dateOfDay(d), spend_usd: total?.at(d) ?? null, saved_usd: saved ? saved.at(d) : null };
				}
			},
			{
				name: 'per_model',
				title: 'Per model and day',
				columns: [
					{ key: 'model', label: 'model', type: 'string' },
					{ key: 'date', label: 'date', type: 'date' },
					{ key: 'spend_usd', label: 'spend_usd', type: 'number' }
				],
				*rows() {
					for (const [m, s] of ents.models) yield* perDay(m, 'model', s, r);
				}
			},
			{
				name: 'per_user',
				title: 'Per user and day',
				columns: [
					{ key: 'user', label: 'user', type: 'string' },
					{ key: 'team', label: 'team', type: 'string' },
					{ key: 'date', label: 'date', type: 'date' },
					{ key: 'spend_usd', label: 'spend_usd', type: 'number' }
				],
				*rows() {
					for (const [u, s] of ents.users) yield* perDay(u, 'user', s.spend, r, { team: ents.teams.get(u) ?? null });
				}
			},
			{
				name: 'per_team',
				title: 'Per team and day',
				columns: [
					{ key: 'team', label: 'team', type: 'string' },
					{ key: 'date', label: 'date', type: 'date' },
					{ key: 'spend_usd', label: 'spend_usd', type: 'number' }
				],
				*rows() {
					const byTeam = new Map<string, Map<number, number>>();
					for (const [u, s] of ents.users) {
						const t = ents.teams.get(u);
						if (!t || !s.spend) continue;
						const days = byTeam.get(t) ?? new Map<number, number>();
						for (let d = Math.max(r.from, s.spend.start); d <= Math.min(r.to, s.spend.end); d++) days.set(d, (days.get(d) ?? 0) + s.spend.at(d));
						byTeam.set(t, days);
					}
					for (const [t, days] of byTeam) for (const [d, v] of [...days].sort((a, b) => a[0] - b[0])) if (v > 0) yield { team: t, date: dateOfDay(d), spend_usd: v };
				}
			},
			{
				name: 'budgets',
				title: `Budgets (${frame.month})`,
				columns: [
					{ key: 'name', label: 'name', type: 'string' },
					{ key: 'scope', label: 'scope', type: 'string' },
					{ key: 'target', label: 'target', type: 'string' },
					{ key: 'monthly_usd', label: 'monthly_usd', type: 'number' },
					{ key: 'spent_usd', label: 'spent_usd', type: 'number' },
					{ key: 'percent', label: 'percent', type: 'number' },
					{ key: 'projected_usd', label: 'projected_usd', type: 'number' },
					{ key: 'runs_out', label: 'runs_out', type: 'string' }
				],
				*rows() {
					for (const b of rt.cost.budgets.list()) {
						const v = budgetView(store, b, frame, []);
						yield { name: v.name, scope: v.scope, target: v.target, monthly_usd: v.monthlyUsd, spent_usd: v.spentUsd, percent: v.percent, projected_usd: v.projectedUsd, runs_out: v.exhaustionDate };
					}
				}
			}
		]
	};
}

function users(rt: Realtime, r: ExportRange): Dataset {
	const { store } = rt;
	const snap = rt.snapshot('users') as Snapshot<'users'>;
	const growth = snap.state.growth.filter((g) => g.date >= dateOfDay(r.from) && g.date <= dateOfDay(r.to));
	return {
		name: 'users',
		title: 'User analytics',
		summary: [
			['users', store.entities.users.size],
			['requests per user known', store.entities.requestsKnown ? 'yes' : 'no: needs helix:requests:user:*']
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
						yield { user: x.user, team: x.team, spend_usd: x.spendUsd, requests: x.requests, hits: x.hits, hit_rate: x.hitRate, first_seen: x.firstSeen };
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
						const cur = t.get(team) ?? { users: 0, spend: 0, requests: x.requests === null ? null : 0 };
						cur.users++;
						cur.spend += x.spendUsd;
						if (cur.requests !== null && x.requests !== null) cur.requests += x.requests;
						t.set(team, cur);
					}
					for (const [team, v] of t) yield { team, users: v.users, spend_usd: v.spend, requests: v.requests };
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
					for (const g of rt.cost.groups.list()) for (const u of g.users) yield { group: g.name, user: u };
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
					for (const g of growth) yield { date: g.date, new_users: g.newUsers, active_users: g.activeUsers };
				}
			}
		]
	};
}

function cache(rt: Realtime): Dataset {
	const s = (rt.snapshot('cache') as Snapshot<'cache'>).state;
	const sim = s.similarity;
	return {
		name: 'cache',
		title: 'Cache performance',
		summary: [
			['hit rate (all time)', s.hitRate ?? 'no data'],
			['requests (all time)', s.requestsTotal ?? 'no data'],
			[`exact hit rate (last ${s.window?.minutes ?? 15} min)`, s.window?.exactRate ?? 'no data: needs helix:events'],
			[`semantic hit rate (last ${s.window?.minutes ?? 15} min)`, s.window?.semanticRate ?? 'no data: needs helix:events'],
			['exact entries', s.contents?.exact.count ?? 'not sampled yet'],
			['semantic entries', s.contents?.semantic.count ?? 'not sampled yet']
		],
		tables: [
			{
				name: 'per_model',
				title: `Per model (last ${s.window?.minutes ?? 15} min)`,
				columns: [
					{ key: 'model', label: 'model', type: 'string' },
					{ key: 'requests', label: 'requests', type: 'number' },
					{ key: 'hit_rate', label: 'hit_rate', type: 'number' },
					{ key: 'exact_rate', label: 'exact_rate', type: 'number' },
					{ key: 'semantic_rate', label: 'semantic_rate', type: 'number' },
					{ key: 'spend_usd', label: 'spend_usd', type: 'number' },
					{ key: 'saved_usd', label: 'saved_usd', type: 'number' }
				],
				rows: () => s.perModel.map((m) => ({ model: m.model, requests: m.requests, hit_rate: m.hitRate, exact_rate: m.exactRate, semantic_rate: m.semanticRate, spend_usd: m.costUsd, saved_usd: m.savedUsd }))
			},
			{
				name: 'similarity',
				title: 'Similarity histogram',
				columns: [
					{ key: 'from', label: 'from', type: 'number' },
					{ key: 'to', label: 'to', type: 'number' },
					{ key: 'hits', label: 'hits', type: 'number' },
					{ key: 'near_misses', label: 'near_misses', type: 'number' }
				],
				rows: () =>
					sim
						? sim.hits.map((h, i) => ({ from: i === 0 ? 0 : sim.from + (i - 1) * sim.step, to: i === 0 ? sim.from : sim.from + i * sim.step, hits: h, near_misses: sim.nearMisses[i] ?? 0 }))
						: []
			},
			{
				name: 'contents',
				title: 'Contents',
				columns: [
					{ key: 'kind', label: 'kind', type: 'string' },
					{ key: 'entries', label: 'entries', type: 'number' },
					{ key: 'counted_by', label: 'counted_by', type: 'string' },
					{ key: 'memory_bytes_estimate', label: 'memory_bytes_estimate', type: 'number' }
				],
				rows: () =>
					s.contents
						? (['exact', 'semantic'] as const).map((k) => ({ kind: k, entries: s.contents![k].count, counted_by: s.contents![k].source, memory_bytes_estimate: s.contents![k].memoryBytesEstimate }))
						: []
			}
		]
	};
}

function security(rt: Realtime, r: ExportRange, offset: number): Dataset {
	const s = (rt.snapshot('security') as Snapshot<'security'>).state;
	const all = rt.store.incidents?.incidents ?? [];
	const inRange = (ts: number | null) => {
		if (ts === null) return true; // unknown times are kept, and say so
		const d = dateInZone(ts, offset);
		return d >= dateOfDay(r.from) && d <= dateOfDay(r.to);
	};
	return {
		name: 'security',
		title: 'Security and PII incidents (redacted)',
		summary: [
			['compliance score', s.compliance.score ?? 'no data'],
			['incidents in the list', s.total],
			['malformed records skipped', s.malformed],
			['text', 'every free-text field is redacted on the server']
		],
		tables: [
			{
				name: 'incidents',
				title: 'Incidents',
				columns: [
					{ key: 'time', label: 'time', type: 'datetime', width: 26 },
					{ key: 'user', label: 'user', type: 'string' },
					{ key: 'entity_type', label: 'entity_type', type: 'string' },
					{ key: 'entity_source', label: 'entity_source', type: 'string' },
					{ key: 'action', label: 'action', type: 'string' },
					{ key: 'preview', label: 'preview (redacted)', type: 'string', width: 60 }
				],
				*rows() {
					for (const i of all) if (inRange(i.ts)) yield { time: i.ts, user: i.userId, entity_type: i.entityType, entity_source: i.entitySource, action: i.action, preview: i.preview };
				}
			},
			{
				name: 'by_entity',
				title: 'By entity type',
				columns: [
					{ key: 'entity_type', label: 'entity_type', type: 'string' },
					{ key: 'count', label: 'count', type: 'number' }
				],
				rows: () => s.byEntity.map((e) => ({ entity_type: e.entityType, count: e.count }))
			},
			{
				name: 'regulations',
				title: 'Regulatory status',
				columns: [
					{ key: 'regulation', label: 'regulation', type: 'string' },
					{ key: 'status', label: 'status', type: 'string' },
					{ key: 'relevant', label: 'relevant', type: 'number' },
					{ key: 'unhandled', label: 'unhandled', type: 'number' },
					{ key: 'rule', label: 'rule', type: 'string', width: 60 }
				],
				rows: () => s.regulations.map((x) => ({ regulation: x.regulation, status: x.status, relevant: x.relevant, unhandled: x.unhandled, rule: x.rule }))
			}
		]
	};
}

function system(rt: Realtime, r: ExportRange, offset: number): Dataset {
	const snap = rt.snapshot('system') as Snapshot<'system'>;
	const inRange = (ms: number) => {
		const d = dateInZone(ms, offset);
		return d >= dateOfDay(r.from) && d <= dateOfDay(r.to);
	};
	return {
		name: 'system',
		title: 'System health',
		summary: [
			['samples', snap.series.length],
			['note', 'samples exist only while someone had the System Health page open (and since this process started)']
		],
		tables: [
			{
				name: 'samples',
				title: 'Samples',
				columns: [
					{ key: 'time', label: 'time', type: 'datetime', width: 26 },
					{ key: 'cpu_pct', label: 'cpu_pct', type: 'number' },
					{ key: 'mem_pct', label: 'mem_pct', type: 'number' },
					{ key: 'rx_bps', label: 'rx_bps', type: 'number' },
					{ key: 'tx_bps', label: 'tx_bps', type: 'number' },
					{ key: 'redis_ops_per_s', label: 'redis_ops_per_s', type: 'number' },
					{ key: 'redis_mem_bytes', label: 'redis_mem_bytes', type: 'number' },
					{ key: 'loop_lag_ms', label: 'loop_lag_ms', type: 'number' }
				],
				*rows() {
					for (const p of snap.series) {
						if (inRange(p.t)) yield { time: p.t, cpu_pct: p.cpuPct, mem_pct: p.memPct, rx_bps: p.rxBps, tx_bps: p.txBps, redis_ops_per_s: p.redisOpsPerS, redis_mem_bytes: p.redisMemBytes, loop_lag_ms: p.loopLagMs };
					}
				}
			},
			{
				name: 'logs',
				title: 'Recent log lines (redacted)',
				columns: [
					{ key: 'time', label: 'time', type: 'string', width: 26 },
					{ key: 'level', label: 'level', type: 'string' },
					{ key: 'module', label: 'module', type: 'string' },
					{ key: 'msg', label: 'msg', type: 'string', width: 60 }
				],
				rows: () => rt.logging.tail.summary(200).tail.map((l) => ({ time: l.time, level: l.level, module: l.module, msg: l.msg }))
			}
		]
	};
}

export function buildDataset(rt: Realtime, name: DatasetName, r: ExportRange, offset: number, now: number): Dataset {
	switch (name) {
		case 'spend':
			return spend(rt, r, offset, now);
		case 'users':
			return users(rt, r);
		case 'cache':
			return cache(rt);
		case 'security':
			return security(rt, r, offset);
		case 'system':
			return system(rt, r, offset);
	}
}
