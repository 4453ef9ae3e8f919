import { getRealtime } from '$lib/server/registry';
import type { Snapshot } from '$lib/shared/types';

export function load() {
	return { snapshot: (getRealtime()?.snapshot('users') ?? null) as Snapshot<'users'> | null };
}
