import type { Config } from '../config.ts';
import { OverviewTopic } from './overview.ts';
import type { Topic } from './topic.ts';

/** Every room's topic. A new page adds its topic here. */
export function createTopics(config: Config): Topic[] {
	return [new OverviewTopic(config.timezoneOffset)];
}
