import type { TailBatch } from '$lib/shared/protocol/tail';

/**
 * A model's page: the Cost and Cache rooms' first paint (the socket takes over), the model's
 * latest requests from helix:events (the tail, pre-filtered), and whether anything at all is
 * known about it. `openai/gpt-4o` arrives whole: the route is a rest parameter.
 */
export async function load({ locals, params }) {
	const p = locals.session?.principal ?? null;
	const { rt } = locals;
	const model = params.model.slice(0, 200);
	let first: TailBatch | null = null;
	if (rt.health().redis.connected)
		first = await rt.tail.before({ model }, p?.teams ?? null, undefined, 50).catch(() => null);
	const known =
		rt.store.entities.models.has(model) ||
		(first?.rows.length ?? 0) > 0 ||
		(rt.store.eventStats.window(Date.now())?.models.has(model) ?? false);
	return {
		model,
		known,
		first,
		cost: rt.snapshotFor('cost', p) ?? null,
		cache: rt.snapshotFor('cache', p) ?? null
	};
}
