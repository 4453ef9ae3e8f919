import { alertsOff, respond, unavailable } from '$lib/server/http';
import { getRealtime } from '$lib/server/registry';

export async function DELETE({ params }) {
	const rt = getRealtime();
	if (!rt) return unavailable();
	return rt.alerts ? respond(await rt.alerts.unsilence(params.id)) : alertsOff();
}
