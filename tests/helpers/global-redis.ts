// Vitest global setup: one real redis-server on a free port for the whole run.
import type { TestProject } from 'vitest/node';
import { startRedisServer, type RedisProcess } from '../../scripts/lib/redis-server.ts';

let redis: RedisProcess | undefined;

export async function setup(project: TestProject): Promise<void> {
	redis = await startRedisServer();
	project.provide('redisUrl', redis.url);
}

export async function teardown(): Promise<void> {
	await redis?.stop();
}

declare module 'vitest' {
	export interface ProvidedContext {
		redisUrl: string;
	}
}
