// The security dataset: incidents (redacted), by entity type, regulations.
import { dateInZone, type Zone } from '../../../shared/time.ts';
import { dateOfDay } from '../../pipeline/day-series.ts';
import type { ExportRange, ExportSources } from '../sources.ts';
import type { Dataset } from '../table.ts';
import { byEntity, regulations } from '../../security/compliance.ts';

export function security(rt: ExportSources, r: ExportRange, zone: Zone): Dataset {
	const s = rt.snapshot('security').state;
	const all = rt.store.incidents?.incidents ?? [];
	const inRange = (ts: number | null) => {
		if (ts === null) return true; // unknown times are kept, and say so
		const d = dateInZone(ts, zone);
		return d >= dateOfDay(r.from) && d <= dateOfDay(r.to);
	};
	// every table of the file covers the same range (by entity and regulations included)
	const inside = all.filter((i) => inRange(i.ts));
	return {
		name: 'security',
		title: 'Security and PII incidents (redacted)',
		summary: [
			['compliance score (every incident in the list)', s.compliance.score ?? 'no data'],
			['incidents in the list', s.total],
			['incidents in the range', inside.length],
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
					for (const i of inside)
						yield {
							time: i.ts,
							user: i.userId,
							entity_type: i.entityType,
							entity_source: i.entitySource,
							action: i.action,
							preview: i.preview
						};
				}
			},
			{
				name: 'by_entity',
				title: 'By entity type',
				columns: [
					{ key: 'entity_type', label: 'entity_type', type: 'string' },
					{ key: 'count', label: 'count', type: 'number' }
				],
				rows: () => byEntity(inside).map((e) => ({ entity_type: e.entityType, count: e.count }))
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
				rows: () =>
					regulations(inside).map((x) => ({
						regulation: x.regulation,
						status: x.status,
						relevant: x.relevant,
						unhandled: x.unhandled,
						rule: x.rule
					}))
			}
		]
	};
}
