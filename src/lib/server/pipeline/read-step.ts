// A read issues its Redis command(s) and returns the step that applies the reply to the
// Store; the collector runs every dirty key's read in one tick (one pipeline), then applies.
import type { RedisClient } from '../redis/client.ts';
import type { Store } from './store.ts';

export interface Applied {
	/** the store changed */
	changed: boolean;
	/** more data is waiting (a stream read hit its COUNT): read this key again */
	more?: boolean;
	/** what was read from helix:events no longer describes Redis (its data was reset): read it again from the start */
	rereadEvents?: boolean;
}

export type Apply = (store: Store, now: number) => Applied;
export type Reader = (
	client: RedisClient,
	key: string,
	store: Store,
	full: boolean,
	now: number
) => Promise<Apply>;
