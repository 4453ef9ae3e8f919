/** First paint with the real current figures; the socket takes over from there. */
export function load({ locals }) {
	return { snapshot: locals.rt.snapshotFor('system', locals.session?.principal ?? null) ?? null };
}
