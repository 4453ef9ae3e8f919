import { exportYaml } from '$lib/server/provisioning/export';

/** GET /api/config/export: the running configuration in CONFIG_FILE's format (YAML). */
export function GET({ locals }) {
	const at = new Date(locals.rt.health().now);
	return new Response(exportYaml(locals.rt.provisioning.targets, at), {
		headers: {
			'content-type': 'application/yaml; charset=utf-8',
			'content-disposition': `attachment; filename="helix-config-${at.toISOString().slice(0, 10)}.yaml"`,
			'cache-control': 'no-store'
		}
	});
}
