import { itemRoutes } from '$lib/server/http/respond';

/** PUT replaces a rule; DELETE removes it. */
export const { PUT, DELETE } = itemRoutes((locals) => locals.rt.alerts?.rules ?? null);
