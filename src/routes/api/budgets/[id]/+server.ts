import { itemRoutes } from '$lib/server/http';

/** PUT replaces a budget; DELETE removes it. */
export const { PUT, DELETE } = itemRoutes((rt) => rt.cost.budgets);
