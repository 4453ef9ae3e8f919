import { json } from '@sveltejs/kit';
import { readJson, respond, unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';

/** GET what NOC walls show; PUT {panels: [...], dwellSeconds} changes every wall at once. */
export function GET() {
	const rt = getRealtime();
	return rt ? json(rt.noc.config()) : unavailable();
}

export async function PUT({ request }) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	const b = await readJson(request);
	return b.ok ? respond(await rt.noc.update(b.body)) : b.res;
}
