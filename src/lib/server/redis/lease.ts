// Leader lease: of several dashboard nodes on one Redis, the one holding this key sends the
// external notifications and writes the history. It renews every LEASE_MS/3; when it dies,
// the key expires and another node takes over within LEASE_MS.
import { randomUUID } from 'node:crypto';
import { DASHBOARD_PREFIX } from '../../shared/contract/keys.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { RedisClient } from './client.ts';

export const LEASE_KEY = `${DASHBOARD_PREFIX}leader`;
export const LEASE_MS = 6_000;

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export class Lease {
	readonly id = randomUUID();
	isLeader = false;
	#timer: ReturnType<typeof setInterval> | null = null;

	constructor(
		private readonly client: RedisClient,
		private readonly isConnected: () => boolean,
		private readonly log: Logger
	) {}

	/** idempotent: the alert service and the history writer both start it */
	start(): void {
		if (this.#timer) return;
		void this.tick();
		this.#timer = setInterval(() => void this.tick(), LEASE_MS / 3);
	}

	async tick(): Promise<void> {
		if (!this.isConnected()) {
			this.isLeader = false;
			return;
		}
		try {
			const was = this.isLeader;
			// decided in a local first: isLeader must not read false between the two calls
			let leader =
				was &&
				Number(
					await this.client.eval(RENEW, {
						keys: [LEASE_KEY],
						arguments: [this.id, String(LEASE_MS)]
					})
				) === 1;
			if (!leader)
				leader = (await this.client.set(LEASE_KEY, this.id, { NX: true, PX: LEASE_MS })) === 'OK';
			this.isLeader = leader;
			if (this.isLeader !== was)
				this.log.info(
					{ leader: this.isLeader },
					this.isLeader ? 'took the leader lease' : 'lost the leader lease'
				);
		} catch {
			this.isLeader = false;
		}
	}

	async stop(): Promise<void> {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		if (this.isLeader && this.isConnected())
			await this.client.eval(RELEASE, { keys: [LEASE_KEY], arguments: [this.id] }).catch(() => {});
		this.isLeader = false;
	}
}
