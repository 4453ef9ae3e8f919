// The export datasets (names outside tools rely on): spend, users, cache, security, system,
// and the request tail's rows (requests, read from the stream before the file is built). Built from what the dashboard holds — the same figures the pages show, already
// redacted where text came from outside. One file per dataset.
import type { Zone } from '../../../shared/time.ts';
import type { ExportRange, ExportSources } from '../sources.ts';
import type { Dataset } from '../table.ts';
import { cache } from './cache.ts';
import { security } from './security.ts';
import { spend } from './spend.ts';
import { system } from './system.ts';
import { users } from './users.ts';
import { requests } from './requests.ts';
import type { RequestsExport } from '../../explore/tail-export.ts';

export const DATASETS = ['spend', 'users', 'cache', 'security', 'system', 'requests'] as const;
export type DatasetName = (typeof DATASETS)[number];

export function buildDataset(
	rt: ExportSources,
	name: DatasetName,
	r: ExportRange,
	zone: Zone,
	now: number,
	/** the requests dataset's rows, read (async, bounded) before the file is built */
	read?: RequestsExport
): Dataset {
	switch (name) {
		case 'spend':
			return spend(rt, r, zone, now);
		case 'users':
			return users(rt, r);
		case 'cache':
			return cache(rt);
		case 'security':
			return security(rt, r, zone);
		case 'system':
			return system(rt, r, zone);
		case 'requests':
			return requests(read ?? { filter: {}, rows: [], cut: 'nothing was read' });
	}
}
