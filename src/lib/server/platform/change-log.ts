// The latest changes to the persisted collections (what the Users page lists as "Recent
// changes"): read from the bounded change stream the collections append to.
import type { ChangeView } from '../../shared/protocol/state/users.ts';
import type { RedisClient } from '../redis/client.ts';
import { CHANGES_KEY } from './collection.ts';

export const CHANGES_SHOWN = 20;

export class ChangeLog {
	changes: ChangeView[] = [];

	constructor(
		private readonly client: () => RedisClient,
		private readonly isConnected: () => boolean
	) {}

	async load(): Promise<void> {
		if (!this.isConnected()) return;
		const entries = await this.client().xRevRange(CHANGES_KEY, '+', '-', { COUNT: CHANGES_SHOWN });
		this.changes = entries.map(({ id, message }) => {
			const m = message as Record<string, string>;
			return {
				at: Number(id.split('-')[0]),
				kind: m.kind ?? '',
				action: m.action ?? '',
				name: m.name ?? '',
				who: m.who ?? ''
			};
		});
	}
}
