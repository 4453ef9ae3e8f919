// Cache management as a service: a dry-run count, then the flush itself, one at a time,
// its progress kept for the Cache room and every attempt in the audit log.
import type { CacheFlushRequest } from '../../shared/protocol/cache.ts';
import { fail, ok, type Reply } from '../../shared/protocol/reply.ts';
import type { FlushStatus } from '../../shared/protocol/state/cache.ts';
import type { Logger } from '../platform/logging/log.ts';
import type { RedisClient } from '../redis/client.ts';
import { countFlush, runFlush } from './flush.ts';

export interface CacheControlDeps {
	client: RedisClient;
	isConnected: () => boolean;
	now: () => number;
	log: Logger;
	/** progress changed: the Cache room republishes */
	onProgress: () => void;
}

/** every flush attempt, refused or run, goes to the audit log in the caller's name */
export type FlushAudit = (target: string, result: 'ok' | 'failed', detail: string) => void;

const targetOf = (r: CacheFlushRequest) => (r.model ? `model:${r.model}` : r.target);

export class CacheControl {
	/** the current or last flush, shown in the room */
	status: FlushStatus | null = null;

	constructor(private readonly deps: CacheControlDeps) {}

	async count(req: CacheFlushRequest): Promise<Reply<{ count: number }>> {
		if (!this.deps.isConnected()) return fail('unavailable', 'Redis is not connected');
		try {
			return ok({ count: await countFlush(this.deps.client, req) });
		} catch (err) {
			return fail('unavailable', `count failed: ${(err as Error).message}`);
		}
	}

	/** Starts a confirmed flush; the reply comes at once, progress follows in the room. */
	flush(req: CacheFlushRequest, audit: FlushAudit): Reply<{ id: string }> {
		const refuse = (r: ReturnType<typeof fail>) => {
			audit(targetOf(req), 'failed', r.msg);
			return r;
		};
		if (!req.confirm)
			return refuse(fail('invalid', 'confirm: true is required (count first, then confirm)'));
		if (!this.deps.isConnected()) return refuse(fail('unavailable', 'Redis is not connected'));
		if (this.status && !this.status.done)
			return refuse(fail('conflict', 'a flush is already running'));
		const { log } = this.deps;
		log.info({ target: req.target, model: req.model ?? null }, 'cache flush started');
		const job = runFlush(this.deps.client, req, this.deps.now, (s) => {
			this.status = s;
			this.deps.onProgress();
		});
		void job.then((s) => {
			log.info(
				{ target: s.target, deleted: s.deleted, scanned: s.scanned, error: s.error },
				'cache flush finished'
			);
			audit(
				targetOf(req),
				s.error ? 'failed' : 'ok',
				s.error ?? `deleted ${s.deleted} of ${s.scanned} scanned`
			);
		});
		return ok({ id: this.status!.id });
	}
}
