import { itemRoutes } from '$lib/server/http';

/** PUT {name, users[]} renames a group or changes its members; DELETE removes it. */
export const { PUT, DELETE } = itemRoutes((rt) => rt.cost.groups);
