import { collectionRoutes } from '$lib/server/http/respond';

/** GET the service-level objectives; POST {name, sli, objective, windowDays?, thresholdMs?} adds one. */
export const { GET, POST } = collectionRoutes((locals) => locals.rt.slo.objectives);
