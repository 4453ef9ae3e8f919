// cache:count and cache:flush: validate the request (one schema, shared/protocol/cache.ts),
// then ask the cache control; progress is published in the cache room's state.
import { cacheFlushRequestSchema } from '../../../shared/protocol/cache.ts';
import { fail, validate } from '../../../shared/protocol/reply.ts';
import { type AuthService } from '../../auth/service.ts';
import { roleOf } from '../../auth/principals.ts';
import type { CacheControl } from '../../cache/control.ts';
import type { HelixSocket } from '../types.ts';

export function cacheSocketHandler(
	socket: HelixSocket,
	ctl: CacheControl,
	auth: AuthService
): void {
	const audit = (target: string, result: 'ok' | 'failed', detail: string) => {
		const p = socket.data.principal;
		auth.record({
			actor: p.user,
			role: roleOf(p),
			ip: socket.data.ip,
			action: 'cache.flush',
			target,
			result,
			detail
		});
	};
	socket.on('cache:count', async (input, ack) => {
		if (typeof ack !== 'function') return;
		const r = validate(cacheFlushRequestSchema, input);
		ack(r.ok ? await ctl.count(r.data) : r);
	});
	socket.on('cache:flush', (input, ack) => {
		if (typeof ack !== 'function') return;
		const r = validate(cacheFlushRequestSchema, input);
		if (!r.ok) {
			audit('?', 'failed', r.msg);
			return ack(fail(r.code, r.msg));
		}
		ack(ctl.flush(r.data, audit));
	});
}
