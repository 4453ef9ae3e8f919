import { itemRoutes } from '$lib/server/http/respond';
import { groupMemberWarnings } from '$lib/server/cost/targets';

/** PUT {name, users[]} renames a group or changes its members (unknown users: a warning);
 * DELETE removes it. */
export const { PUT, DELETE } = itemRoutes(
	(locals) => locals.rt.groups,
	(locals, g) => groupMemberWarnings(locals.rt.store, g)
);
