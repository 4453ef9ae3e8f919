import { itemRoutes } from '$lib/server/http';

export const { PUT, DELETE } = itemRoutes((rt) => rt.alerts?.rules ?? null);
