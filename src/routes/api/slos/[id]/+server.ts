import { itemRoutes } from '$lib/server/http/respond';

/** PUT replaces an objective (409 when the configuration file manages it); DELETE removes it. */
export const { PUT, DELETE } = itemRoutes((locals) => locals.rt.slo.objectives);
