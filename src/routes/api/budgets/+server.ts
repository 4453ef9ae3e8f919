import { collectionRoutes } from '$lib/server/http/respond';

/** GET the budgets; POST {name, scope, target?, monthlyUsd, thresholds?} to create one. */
export const { GET, POST } = collectionRoutes((locals) => locals.rt.cost.budgets);
