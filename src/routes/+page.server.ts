import { getRealtime } from '$lib/server/registry';
import type { Snapshot } from '$lib/shared/types';

/** First paint with the real current figures; the socket takes over from there. */
export function load() {
	return { snapshot: (getRealtime()?.snapshot('overview') ?? null) as Snapshot<'overview'> | null };
}
