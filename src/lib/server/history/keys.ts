// Where the rollups live. Every key carries the hash tag {history}: on a Redis Cluster they
// share one slot, so one writer's batch and its cursor commit in one atomic script.
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import type { TierName } from './tiers.ts';

const P = `${DASHBOARD_PREFIX}{history}:`;

/** the writer's state: version, stream cursor, coverage, counter baseline */
export const STATE_KEY = `${P}state`;
/** incidents already counted (id → timestamp), the newest PII_SEEN_MAX */
export const PII_SEEN_KEY = `${P}pii-seen`;
export const PII_SEEN_MAX = 5_000;
/** the series names the hour tier holds, per kind (bounded: MAX_SERIES each) */
export const seriesSetKey = (kind: 'model' | 'team') => `${P}series:${kind}`;
export const MAX_SERIES = 500;
/** what operators caused or suffered, for chart markers (restarts, outages, notification losses) */
export const ANNOTATIONS_KEY = `${P}annotations`;
export const ANNOTATIONS_MAX = 10_000;
/** pub/sub: the writer committed; nodes refresh the live tip of the charts they serve */
export const TIP_CHANNEL = `${DASHBOARD_PREFIX}history:tip`;

/** 't' totals, 'm:<model>', 'team:<team>' */
export type SeriesId = string;
export const TOTAL: SeriesId = 't';
const MAX_NAME = 100;
export const modelSeries = (model: string): SeriesId => `m:${model.slice(0, MAX_NAME)}`;
export const teamSeries = (team: string): SeriesId => `team:${team.slice(0, MAX_NAME)}`;

export const recordKey = (tier: TierName, series: SeriesId, chunk: number) =>
	`${P}r:${tier}:${series}:${chunk}`;

/** a bucket's field: its start in seconds, base 36 (buckets start on whole seconds) */
export const fieldOf = (bucket: number) => Math.round(bucket / 1000).toString(36);
export const bucketOfField = (field: string) => parseInt(field, 36) * 1000;
