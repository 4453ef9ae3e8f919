import { json } from '@sveltejs/kit';
import { getRealtime } from '$lib/server/registry';

export function GET() {
	const rt = getRealtime();
	if (!rt) return json({ status: 'degraded', error: 'realtime module not attached' }, { status: 503 });
	return json(rt.health(), { headers: { 'cache-control': 'no-store' } });
}
