import { json } from '@sveltejs/kit';
import { getRealtime } from '$lib/server/registry';

export function GET() {
	const rt = getRealtime();
	if (!rt) return json({ error: 'realtime module not attached' }, { status: 503 });
	return json(rt.security.settings());
}

/** PUT {incidentThresholdPerHour, notificationMethods} — validated; 400 names what is wrong. */
export async function PUT({ request }) {
	const rt = getRealtime();
	if (!rt) return json({ error: 'realtime module not attached' }, { status: 503 });
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		return json({ error: 'the body must be JSON' }, { status: 400 });
	}
	const reply = await rt.security.update(body);
	if (reply.ok) return json(reply.data);
	return json({ error: reply.msg }, { status: /Redis/.test(reply.msg) ? 503 : 400 });
}
