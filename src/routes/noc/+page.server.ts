/** The wall's first paint: every panel's room as it is now (the socket takes over from there). */
export async function load({ locals }) {
	const p = locals.session?.principal ?? null;
	const { rt } = locals;
	return {
		snapshots: {
			overview: rt.snapshotFor('overview', p) ?? null,
			cost: rt.snapshotFor('cost', p) ?? null,
			cache: rt.snapshotFor('cache', p) ?? null,
			security: rt.snapshotFor('security', p) ?? null,
			system: rt.snapshotFor('system', p) ?? null
		},
		noc: rt.noc.get(),
		slos: rt.health().redis.connected ? await rt.slo.status().catch(() => null) : null
	};
}
