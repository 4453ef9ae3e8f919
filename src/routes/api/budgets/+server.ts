import { collectionRoutes } from '$lib/server/http/respond';
import { budgetTargetWarnings } from '$lib/server/cost/targets';

/** GET the budgets; POST {name, scope, target?, monthlyUsd, thresholds?} to create one
 * (a target the gateway has not recorded yet is accepted with a warning). */
export const { GET, POST } = collectionRoutes(
	(locals) => locals.rt.cost.budgets,
	(locals, b) => budgetTargetWarnings(locals.rt.store, b)
);
