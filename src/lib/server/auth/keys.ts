// The auth keys and channel, under the dashboard's own prefix (the keyspace subscriber ignores it).
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';

export const AUTH_PREFIX = `${DASHBOARD_PREFIX}auth:`;
export const USERS_KEY = `${AUTH_PREFIX}users`;
export const TOKENS_KEY = `${AUTH_PREFIX}tokens`;
/** pub/sub channel: session digests that were revoked (every node disconnects their sockets) */
export const REVOKED_CHANNEL = `${AUTH_PREFIX}revoked`;
