// Route helpers shared by the API endpoints: JSON bodies, and a Reply turned into a Response
// whose status follows from the reply's error code (shared/protocol/reply.ts).
import { json } from '@sveltejs/kit';
import { ERROR_STATUS, fail, ok, type ErrorCode, type Reply } from '../../shared/protocol/reply.ts';
import { actorName } from '../auth/session-info.ts';
import type { Collection } from '../platform/collection.ts';
import { diff, nameOf, noteChange } from './audit-note.ts';

/** An error answer: `{error, code}` with the code's status. */
export function failure(
	code: ErrorCode,
	msg: string,
	headers: Record<string, string> = {}
): Response {
	return json({ error: msg, code }, { status: ERROR_STATUS[code], headers });
}

/** ok -> 200 (or `okStatus`) with the data; a failure -> its code's status. */
export function respond<T>(reply: Reply<T>, okStatus = 200): Response {
	return reply.ok ? json(reply.data, { status: okStatus }) : failure(reply.code, reply.msg);
}

export async function readJson(request: Request): Promise<Reply<unknown>> {
	try {
		return ok(await request.json());
	} catch {
		return fail('invalid', 'the body must be JSON');
	}
}

export const alertsOff = (): Response =>
	failure('disabled', 'alerts are disabled (ENABLE_ALERTS=false)');

type Locals = App.Locals;
type Pick = (locals: Locals) => Collection<{ name: string }> | null;
/** what to tell the caller about an accepted item (e.g. a target not seen yet); [] for nothing */
type Warn = (locals: Locals, item: unknown) => string[];

/** The reply, with `warnings` beside the item when there are any. */
function withWarnings<T>(reply: Reply<T>, warnings: string[]): Reply<T> {
	return reply.ok && warnings.length ? { ok: true, data: { ...reply.data, warnings } } : reply;
}

/** GET (list) and POST (create) for a persisted collection. */
export function collectionRoutes(pick: Pick, warn?: Warn) {
	return {
		GET({ locals }: { locals: Locals }) {
			const c = pick(locals);
			return c ? json(c.list()) : alertsOff();
		},
		async POST({ request, locals }: { request: Request; locals: Locals }) {
			const c = pick(locals);
			if (!c) return alertsOff();
			const b = await readJson(request);
			if (!b.ok) return respond(b);
			const r = await c.create(b.data, actorName(locals.session, null));
			noteChange(locals, r, (d) => ({ target: nameOf(d), changes: 'created' }));
			return respond(withWarnings(r, warn?.(locals, b.data) ?? []), 201);
		}
	};
}

/** PUT (replace) and DELETE for one item. */
export function itemRoutes(pick: Pick, warn?: Warn) {
	return {
		async PUT({
			request,
			params,
			locals
		}: {
			request: Request;
			params: { id: string };
			locals: Locals;
		}) {
			const c = pick(locals);
			if (!c) return alertsOff();
			const b = await readJson(request);
			if (!b.ok) return respond(b);
			const before = c.get(params.id);
			const r = await c.update(params.id, b.data, actorName(locals.session, null));
			noteChange(locals, r, (d) => ({ target: nameOf(d, params.id), changes: diff(before, d) }));
			return respond(withWarnings(r, warn?.(locals, b.data) ?? []));
		},
		async DELETE({ params, locals }: { params: { id: string }; locals: Locals }) {
			const c = pick(locals);
			if (!c) return alertsOff();
			const before = c.get(params.id);
			const r = await c.remove(params.id, actorName(locals.session, null));
			noteChange(locals, r, () => ({ target: nameOf(before, params.id), changes: 'deleted' }));
			return respond(r);
		}
	};
}
