// The dashboard's Redis link: one server, or a cluster (REDIS_CLUSTER=true).
import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logging/log.ts';
import { ClusterLink } from './cluster.ts';
import { RedisLink, type Link } from './link.ts';

export function openLink(config: Pick<Config, 'redisUrl' | 'redisCluster'>, log: Logger): Link {
	return config.redisCluster
		? new ClusterLink(config.redisUrl, log)
		: new RedisLink(config.redisUrl, log);
}
