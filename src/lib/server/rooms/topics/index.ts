// Every room's topic, one per page. A new page adds its topic file here (and its state to
// shared/protocol/rooms.ts); the record type makes a missing room a compile error.
import type { RoomName } from '../../../shared/protocol/rooms.ts';
import type { SecuritySettings } from '../../../shared/protocol/security.ts';
import type { FlushStatus } from '../../../shared/protocol/state/cache.ts';
import type { ChangeView } from '../../../shared/protocol/state/users.ts';
import type { CacheSampler } from '../../cache/sampler.ts';
import type { BudgetWatcher } from '../../cost/budget-events.ts';
import type { Budget, ThresholdDefaults } from '../../../shared/protocol/cost.ts';
import type { Group } from '../../../shared/protocol/groups.ts';
import type { Collection } from '../../platform/collection.ts';
import type { Config } from '../../platform/config.ts';
import type { AlertService } from '../../alerts/service.ts';
import { AlertsTopic } from './alerts.ts';
import { CacheTopic } from './cache.ts';
import { CostTopic } from './cost.ts';
import { OverviewTopic } from './overview.ts';
import { SecurityTopic } from './security.ts';
import { SystemTopic, type SystemTopicDeps } from './system.ts';
import type { Topic } from './topic.ts';
import { UsersTopic } from './users.ts';

export type Topics = { [R in RoomName]: Topic<R> };

export type TopicDeps = Pick<SystemTopicDeps, 'sampler' | 'tail' | 'health' | 'channels'> & {
	securitySettings: () => SecuritySettings;
	cacheSampler: CacheSampler;
	flushStatus: () => FlushStatus | null;
	budgets: Collection<Budget>;
	groups: Collection<Group>;
	watcher: BudgetWatcher;
	thresholds: () => ThresholdDefaults;
	changes: () => ChangeView[];
	alerts: () => AlertService | null;
};

export function createTopics(config: Config, deps: TopicDeps): Topics {
	const tz = config.timezone;
	return {
		overview: new OverviewTopic(tz),
		system: new SystemTopic({
			...deps,
			gatewayStaleMs: config.gatewayStaleMs,
			sampleMs: config.systemSampleMs
		}),
		security: new SecurityTopic(tz, deps.securitySettings),
		cache: new CacheTopic(deps.cacheSampler, config.cacheSampleMs, deps.flushStatus),
		cost: new CostTopic({
			timezone: tz,
			budgets: deps.budgets,
			groups: deps.groups,
			watcher: deps.watcher,
			thresholds: deps.thresholds
		}),
		users: new UsersTopic({ timezone: tz, groups: deps.groups, changes: deps.changes }),
		alerts: new AlertsTopic(deps.alerts)
	};
}

/** The copy of a team-scoped room an account limited to `teams` sees (only users today). */
export function scopedUsersTopic(
	config: Config,
	groups: Collection<Group>,
	teams: Set<string>
): Topic<'users'> {
	return new UsersTopic({
		timezone: config.timezone,
		groups,
		changes: () => [],
		teams
	});
}
