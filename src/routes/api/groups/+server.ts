import { collectionRoutes } from '$lib/server/http';

/** GET the user groups; POST {name, users[]} to create one. */
export const { GET, POST } = collectionRoutes((rt) => rt.cost.groups);
