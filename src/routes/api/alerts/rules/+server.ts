import { collectionRoutes } from '$lib/server/http';

/** GET the alert rules; POST {name, kind?, metric, comparator, threshold, forSeconds, severity, hysteresisPct?, repeatMinutes?, labels?, enabled?}. */
export const { GET, POST } = collectionRoutes((rt) => rt.alerts?.rules ?? null);
