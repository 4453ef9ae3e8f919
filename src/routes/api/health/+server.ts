import { json } from '@sveltejs/kit';

export function GET({ locals }) {
	return json(locals.rt.health(), { headers: { 'cache-control': 'no-store' } });
}
