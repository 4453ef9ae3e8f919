import { getRealtime } from '$lib/server/registry';
import type { Snapshot } from '$lib/shared/types';

export function load() {
	return { snapshot: (getRealtime()?.snapshot('security') ?? null) as Snapshot<'security'> | null };
}
