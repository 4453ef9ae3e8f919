import { itemRoutes } from '$lib/server/http/respond';

/** PUT {name, users[]} renames a group or changes its members; DELETE removes it. */
export const { PUT, DELETE } = itemRoutes((locals) => locals.rt.groups);
