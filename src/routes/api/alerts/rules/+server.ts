import { collectionRoutes } from '$lib/server/http/respond';

/** GET the alert rules; POST {name, kind?, metric, comparator, threshold, forSeconds, severity, hysteresisPct?, repeatMinutes?, labels?, enabled?}. */
export const { GET, POST } = collectionRoutes((locals) => locals.rt.alerts?.rules ?? null);
