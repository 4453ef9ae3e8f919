// Cache management over the socket: a dry-run count, then the flush itself (progress is
// published in the cache room's state). Payloads are validated; one flush at a time.
import { z } from 'zod';
import type { FlushStatus } from '../../shared/types.ts';
import { countFlush, runFlush, type FlushRequest } from '../cache/flush.ts';
import type { Logger } from '../log.ts';
import type { RedisClient } from '../redis.ts';
import type { HelixSocket } from '../realtime.ts';
import { roleOf, type AuthService } from '../auth/service.ts';

const requestSchema = z
	.object({
		target: z.enum(['exact', 'semantic', 'model'], { error: 'target must be exact, semantic or model' }),
		model: z.string().min(1, 'model must not be empty').max(200, 'model is at most 200 characters').optional(),
		confirm: z.literal(true, { error: 'confirm: true is required' }).optional()
	})
	.strict()
	.refine((r) => r.target !== 'model' || r.model !== undefined, { message: 'target "model" needs a model name' });

export interface CacheControl {
	client: RedisClient;
	isConnected: () => boolean;
	now: () => number;
	log: Logger;
	/** current or last flush, shown in the room */
	status: FlushStatus | null;
	onProgress: () => void;
}

function parse(input: unknown): { ok: true; req: FlushRequest & { confirm?: true } } | { ok: false; msg: string } {
	const r = requestSchema.safeParse(input);
	return r.success ? { ok: true, req: r.data } : { ok: false, msg: r.error.issues.map((i) => i.message).join('; ') };
}

export function cacheSocketHandler(socket: HelixSocket, ctl: CacheControl, auth: AuthService): void {
	const audit = (target: string, result: 'ok' | 'failed', detail: string) => {
		const p = socket.data.principal;
		auth.record({ actor: p.user, role: roleOf(p), ip: socket.data.ip, action: 'cache.flush', target, result, detail });
	};
	socket.on('cache:count', async (input, ack) => {
		if (typeof ack !== 'function') return;
		const p = parse(input);
		if (!p.ok) return ack({ ok: false, msg: p.msg });
		if (!ctl.isConnected()) return ack({ ok: false, msg: 'Redis is not connected' });
		try {
			ack({ ok: true, data: { count: await countFlush(ctl.client, p.req) } });
		} catch (err) {
			ack({ ok: false, msg: `count failed: ${(err as Error).message}` });
		}
	});

	socket.on('cache:flush', (input, ack) => {
		if (typeof ack !== 'function') return;
		const p = parse(input);
		const refuse = (msg: string) => {
			audit(p.ok ? (p.req.model ? `model:${p.req.model}` : p.req.target) : '?', 'failed', msg);
			ack({ ok: false, msg });
		};
		if (!p.ok) return refuse(p.msg);
		if (!p.req.confirm) return refuse('confirm: true is required (count first, then confirm)');
		if (!ctl.isConnected()) return refuse('Redis is not connected');
		if (ctl.status && !ctl.status.done) return refuse('a flush is already running');
		ctl.log.info({ target: p.req.target, model: p.req.model ?? null }, 'cache flush started');
		const job = runFlush(ctl.client, p.req, ctl.now, (s) => {
			ctl.status = s;
			ctl.onProgress();
		});
		ack({ ok: true, data: { id: ctl.status!.id } });
		void job.then((s) => {
			ctl.log.info({ target: s.target, deleted: s.deleted, scanned: s.scanned, error: s.error }, 'cache flush finished');
			audit(p.req.model ? `model:${p.req.model}` : p.req.target, s.error ? 'failed' : 'ok', s.error ?? `deleted ${s.deleted} of ${s.scanned} scanned`);
		});
	});
}
