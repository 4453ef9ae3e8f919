import { getRealtime } from '$lib/server/registry';
import type { Snapshot } from '$lib/shared/types';

export function load() {
	return { snapshot: (getRealtime()?.snapshot('cost') ?? null) as Snapshot<'cost'> | null };
}
