import type { Config } from '../config.ts';
import type { Topic } from './topic.ts';
import { OverviewTopic } from './overview.ts';
import { CacheTopic } from './cache.ts';
import { CostTopic } from './cost.ts';
import { UsersTopic } from './users.ts';
import type { CostService } from '../cost/service.ts';
import type { CacheSampler } from '../cache/sampler.ts';
import { SecurityTopic } from './security.ts';
import { SystemTopic, type SystemTopicDeps } from './system.ts';
import type { FlushStatus, SecuritySettings } from '../../shared/types.ts';

export type TopicDeps = Pick<SystemTopicDeps, 'sampler' | 'tail' | 'health' | 'channels'> & {
	securitySettings: () => SecuritySettings;
	cacheSampler: CacheSampler;
	flushStatus: () => FlushStatus | null;
	cost: CostService;
};

/** Every room's topic. A new page adds its topic here. */
export function createTopics(config: Config, deps: TopicDeps): Topic[] {
	return [
		new OverviewTopic(config.timezoneOffset),
		new SystemTopic({ ...deps, gatewayStaleMs: config.gatewayStaleMs, sampleMs: config.systemSampleMs }),
		new SecurityTopic(config.timezoneOffset, deps.securitySettings),
		new CacheTopic(deps.cacheSampler, config.cacheSampleMs, deps.flushStatus),
		new CostTopic({ timezoneOffset: config.timezoneOffset, budgets: deps.cost.budgets, groups: deps.cost.groups, watcher: deps.cost.watcher }),
		new UsersTopic({ timezoneOffset: config.timezoneOffset, groups: deps.cost.groups, changes: () => deps.cost.changes })
	];
}
