import { itemRoutes } from '$lib/server/http/respond';
import { budgetTargetWarnings } from '$lib/server/cost/targets';

/** PUT replaces a budget (with a warning for a target not recorded yet); DELETE removes it. */
export const { PUT, DELETE } = itemRoutes(
	(locals) => locals.rt.cost.budgets,
	(locals, b) => budgetTargetWarnings(locals.rt.store, b)
);
