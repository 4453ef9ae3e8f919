import { collectionRoutes } from '$lib/server/http';

/** GET the budgets; POST {name, scope, target?, monthlyUsd, thresholds?} to create one. */
export const { GET, POST } = collectionRoutes((rt) => rt.cost.budgets);
