import { json } from '@sveltejs/kit';
import { failure } from '$lib/server/http/respond';

/** GET every objective's SLI, error budget left, burn rates and exhaustion time, from the rollups. */
export async function GET({ locals }) {
	if (!locals.rt.health().redis.connected)
		return failure('unavailable', 'Redis is not connected: the rollups cannot be read');
	return json(await locals.rt.slo.status());
}
