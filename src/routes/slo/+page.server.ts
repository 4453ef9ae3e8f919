import type { SloStatus } from '$lib/shared/protocol/slo';

/** Every objective's status from the rollups (or why there is none: Redis away). */
export async function load({
	locals
}): Promise<{ statuses: SloStatus[] | null; history: boolean }> {
	const { rt } = locals;
	const statuses = rt.health().redis.connected ? await rt.slo.status().catch(() => null) : null;
	return { statuses, history: rt.history !== null };
}
