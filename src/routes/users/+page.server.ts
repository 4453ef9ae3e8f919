import { getRealtime } from '$lib/server/registry';
import type { Snapshot } from '$lib/shared/types';

export function load({ locals }) {
	return { snapshot: (getRealtime()?.snapshotFor('users', locals.session?.principal ?? null) ?? null) as Snapshot<'users'> | null };
}
