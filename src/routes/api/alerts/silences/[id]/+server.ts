import { alertsOff, respond } from '$lib/server/http/respond';

export async function DELETE({ params, locals }) {
	const alerts = locals.rt.alerts;
	return alerts ? respond(await alerts.unsilence(params.id)) : alertsOff();
}
