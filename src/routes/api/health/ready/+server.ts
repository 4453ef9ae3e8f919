import { json } from '@sveltejs/kit';

/** Readiness: Redis connected and the first reconcile done (numbers are real), else 503. */
export function GET({ locals }) {
	const { rt } = locals;
	const ready = rt.isReady();
	return json(
		{ ready, redis: rt.health().redis.connected, reconciles: rt.health().pipeline.reconciles },
		{ status: ready ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
}
