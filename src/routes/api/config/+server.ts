import { json } from '@sveltejs/kit';

/** GET /api/config: whether a configuration file is in use, and how its last apply went. */
export function GET({ locals }) {
	const p = locals.rt.provisioning.provisioner;
	return json({ file: p?.file ?? null, last: p?.last ?? null });
}
