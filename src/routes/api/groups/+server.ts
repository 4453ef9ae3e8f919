import { collectionRoutes } from '$lib/server/http/respond';

/** GET the user groups; POST {name, users[]} to create one. */
export const { GET, POST } = collectionRoutes((locals) => locals.rt.groups);
