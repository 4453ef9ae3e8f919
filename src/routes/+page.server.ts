import { getRealtime } from '$lib/server/registry';
import type { Snapshot } from '$lib/shared/types';

/** First paint with the real current figures; the socket takes over from there. */
export function load({ locals }) {
	return { snapshot: (getRealtime()?.snapshotFor('overview', locals.session?.principal ?? null) ?? null) as Snapshot<'overview'> | null };
}
