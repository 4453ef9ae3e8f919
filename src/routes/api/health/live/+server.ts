import { json } from '@sveltejs/kit';

/** Liveness: the process answers HTTP. Redis being away is not a reason to restart it. */
export function GET() {
	return json({ status: 'alive' }, { headers: { 'cache-control': 'no-store' } });
}
