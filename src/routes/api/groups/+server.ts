import { collectionRoutes } from '$lib/server/http/respond';
import { groupMemberWarnings } from '$lib/server/cost/targets';

/** GET the user groups; POST {name, users[]} to create one (unknown users: a warning). */
export const { GET, POST } = collectionRoutes(
	(locals) => locals.rt.groups,
	(locals, g) => groupMemberWarnings(locals.rt.store, g)
);
