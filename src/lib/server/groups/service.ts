// User groups: named sets of user ids that filter the Users and Cost pages, kept as a
// persisted collection (validated, shared by every node, each change in the change log).
import { groupSchema, type Group } from '../../shared/protocol/groups.ts';
import { Collection } from '../platform/collection.ts';
import type { RedisClient } from '../redis/client.ts';

/** groups an installation may have */
export const MAX_GROUPS = 500;

export function createGroups(
	client: () => RedisClient,
	isConnected: () => boolean,
	onChange: () => void
): Collection<Group> {
	return new Collection('groups', groupSchema, client, isConnected, onChange, MAX_GROUPS);
}
