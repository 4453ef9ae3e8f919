import { itemRoutes } from '$lib/server/http/respond';

/** PUT replaces a budget; DELETE removes it. */
export const { PUT, DELETE } = itemRoutes((locals) => locals.rt.cost.budgets);
