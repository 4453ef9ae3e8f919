import { json } from '@sveltejs/kit';
import { getRealtime } from '$lib/server/registry';

/** Readiness: Redis connected and the first reconcile done (numbers are real), else 503. */
export function GET() {
	const rt = getRealtime();
	const h = rt?.health();
	const ready = Boolean(rt && h?.redis.connected && rt.collector.stats.reconciles > 0);
	return json(
		{ ready, redis: h?.redis.connected ?? false, reconciles: rt?.collector.stats.reconciles ?? 0 },
		{ status: ready ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
}
